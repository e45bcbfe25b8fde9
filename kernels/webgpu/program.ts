/**
 * What every webgpu kernel of this package shares: flat 1-d programs, a small int32 table input, uniforms.
 *
 * Why flat: tfjs's generated WGSL declares a uniform vector per input/output rank and stops at rank 6, and a
 * shader key changes with every rank. Our shaders index memory themselves from the geometry tables, so every
 * buffer is bound as a 1-d view of its data and the result is relabelled with its real shape afterwards (what
 * tfjs's own Reshape does: the same dataId under another shape). The shader text then depends only on what the
 * program class puts in its key (divisor rule, dtype, reduction strategy), never on sizes or ranks.
 *
 * Shaders read float inputs as `f32(x[i])`: tfjs's Cast from int32/bool to float32 keeps the int32 buffer (the
 * shader sees the buffer's type, not the tensor's), and the conversion is a no-op on a real f32 buffer.
 *
 * Only types come from tfjs-backend-webgpu: this package must not load a backend at run time, so the dispatch
 * arithmetic that tfjs keeps in webgpu_util is redone here.
 */
import {DataType, TensorInfo, util} from '@tensorflow/tfjs-core';
import type {WebGPUBackend, WebGPUProgram} from '@tensorflow/tfjs-backend-webgpu';
import {runPasses as runChain} from '../shared/pass_chain';

export type {WebGPUBackend, WebGPUProgram};

/** runWebGPUProgram's programDefinedUniform (not exported by tfjs-backend-webgpu); order as in `uniforms`. */
export type ProgramUniforms = Array<{type: 'int32' | 'uint32' | 'float32'; data: number[]}>;

/** Invocations per workgroup of the one-output-per-invocation programs. */
export const FLAT_WORKGROUP = 64;

/** A flat (1-d, x only) dispatch of `count` invocations; runWebGPUProgram folds it into 2-d/3-d past the limit. */
export function flatDispatch(count: number, workgroupX: number): [number, number, number] {
  return [Math.ceil(count / workgroupX), 1, 1];
}

/** The same data viewed as a 1-d tensor. */
export function flat(t: TensorInfo): TensorInfo {
  return {dataId: t.dataId, shape: [util.sizeFromShape(t.shape)], dtype: t.dtype};
}

/**
 * Uploads a geometry table as an int32 tensor the caller disposes after running its program (the backend keeps
 * the buffer alive until the queued dispatch is submitted). Never empty: a zero-size binding is invalid.
 */
export function uploadTable(backend: WebGPUBackend, values: Int32Array): TensorInfo {
  const data = values.length > 0 ? values : new Int32Array(1);
  return backend.makeTensorInfo([data.length], 'int32', data);
}

/**
 * Runs a flat program over `inputs` and returns its output under `shape`. The table (if any) is disposed here,
 * so a kernel cannot leak it on any path.
 */
export function runFlat(
  backend: WebGPUBackend,
  program: WebGPUProgram,
  inputs: TensorInfo[],
  dtype: DataType,
  uniforms: ProgramUniforms,
  shape: number[],
  table?: TensorInfo,
): TensorInfo {
  try {
    const out = backend.runWebGPUProgram(program, [...inputs.map(flat), ...(table ? [table] : [])], dtype, uniforms);
    return {dataId: out.dataId, shape, dtype};
  } finally {
    if (table) backend.disposeData(table.dataId);
  }
}

/** What a FlatProgram declares besides its WGSL. */
export interface FlatProgramSpec {
  /** invocations, one per output element unless `invocations` says otherwise */
  size: number;
  /** names every choice that changes the shader text (never a size: sizes are uniforms) */
  shaderKey: string;
  /** the bound inputs, in binding order */
  variableNames: string[];
  /** WGSL declarations of the program's own uniforms, in the order of the values runFlat is given */
  uniforms?: string;
  /** invocations to dispatch, where they are not one per output element (default `size`) */
  invocations?: number;
  /**
   * the output is bound as atomic<i32> (programs that scatter with atomics, whose invocations are not outputs);
   * such a program gets no `size` uniform and guards its invocations with a uniform of its own
   */
  atomic?: boolean;
}

/**
 * The one shape of every webgpu program of this package: a 1-d output of `size` elements, FLAT_WORKGROUP
 * invocations per workgroup over a flat dispatch, tfjs's `size` uniform for the bounds guard (`index <
 * uniforms.size`), inputs bound flat (runFlat). A program class passes its key, inputs and uniforms to this
 * constructor and writes only getUserCode.
 */
export abstract class FlatProgram implements WebGPUProgram {
  outputShape: number[];
  shaderKey: string;
  dispatchLayout = {x: [0]};
  dispatch: [number, number, number];
  variableNames: string[];
  uniforms?: string;
  workgroupSize: [number, number, number] = [FLAT_WORKGROUP, 1, 1];
  size?: boolean;
  atomic?: boolean;

  constructor(spec: FlatProgramSpec) {
    this.outputShape = [spec.size];
    this.shaderKey = spec.shaderKey;
    this.variableNames = spec.variableNames;
    this.dispatch = flatDispatch(spec.invocations ?? spec.size, FLAT_WORKGROUP);
    if (spec.uniforms !== undefined) this.uniforms = spec.uniforms;
    if (spec.atomic) this.atomic = true;
    else this.size = true;
  }

  abstract getUserCode(): string;
}

/**
 * Runs a chain of passes on webgpu (kernels/shared/pass_chain.ts): pass k gets the previous pass's output (null for
 * pass 0) and returns its own; every intermediate is disposed, on a throw too. Returns the last output.
 */
export function runPasses(
  backend: WebGPUBackend,
  count: number,
  pass: (k: number, prev: TensorInfo | null) => TensorInfo,
): TensorInfo {
  return runChain(count, pass, t => backend.disposeData(t.dataId));
}

/**
 * Writes one value everywhere. For outputs whose value needs no input (mean over an empty axis: NaN; the
 * gradient of a pool with an empty output: zeros), where binding the empty input would be an invalid
 * zero-size binding.
 */
export class FillProgram extends FlatProgram {
  constructor(size: number) {
    super({size, shaderKey: 'torchFill', variableNames: [], uniforms: 'value : f32,'});
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          setOutputAtIndex(index, uniforms.value);
        }
      }`;
  }
}

export function fill(backend: WebGPUBackend, shape: number[], value: number): TensorInfo {
  return runFlat(
    backend,
    new FillProgram(util.sizeFromShape(shape)),
    [],
    'float32',
    [{type: 'float32', data: [value]}],
    shape,
  );
}
