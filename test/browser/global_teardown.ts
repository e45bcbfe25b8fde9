/** jest globalTeardown of the browser project: stops the chromium that global_setup.ts started. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.torchOpsChromium?.close();
  globalThis.torchOpsChromium = undefined;
}
