/**
 * Page side: starts one browser target (webgl with WebGL2 or a forced WebGL1, or webgpu) in this page, for the
 * entries that run cases on it (parity, sweep, max_kernels, kit). Each page is a fresh JS realm, so the flags set
 * here hold for the page's whole life.
 */
import type * as tfc from '@tensorflow/tfjs-core';

export interface TargetArgs {
  backend: 'webgl' | 'webgpu';
  /** webgl only: the WebGL version tfjs must use (1 forces WebGL1 where WebGL2 is available) */
  webglVersion?: 1 | 2;
  /**
   * webgl only: tfjs's WEBGL_USE_SHAPES_UNIFORMS (default off), for tfjs's own programs (uploads, downloads, the
   * element-wise ops lp pools compose): shapes as uniforms, so they compile once per rank instead of once per shape.
   * This package's programs take shapes as uniforms whatever it says (kernels/webgl/webgl_program.ts).
   */
  shapeUniforms?: boolean;
}

/** Starts the target; null, or why it could not start. */
export async function startTarget(
  tf: Pick<typeof tfc, 'env' | 'setBackend' | 'ready' | 'getBackend'>,
  {backend, webglVersion, shapeUniforms}: TargetArgs,
): Promise<string | null> {
  try {
    if (webglVersion !== undefined) tf.env().set('WEBGL_VERSION', webglVersion);
    if (shapeUniforms !== undefined) tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', shapeUniforms);
    // SwiftShader is a software renderer; tfjs refuses it unless told otherwise.
    tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
    if (!(await tf.setBackend(backend))) return `tf.setBackend('${backend}') returned false`;
    await tf.ready();
    if (tf.getBackend() !== backend) return `backend is ${tf.getBackend()}`;
    const version = backend === 'webgl' ? tf.env().getNumber('WEBGL_VERSION') : undefined;
    if (webglVersion !== undefined && version !== webglVersion)
      return `asked for WebGL ${webglVersion}, got ${version}`;
    return null;
  } catch (e) {
    return String(e);
  }
}
