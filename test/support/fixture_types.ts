/** The schema (version 1) that test/fixtures/generate.py writes; see test/fixtures/README.md. */
export type FixtureDtype = 'float32' | 'int32' | 'bool';

export type FixtureTensor =
  {shape: number[]; dtype: FixtureDtype; data: string} | {shape: number[]; dtype: 'float32'; gen: 'ramp'; n: number};

export interface FixtureCase {
  name: string;
  op: string;
  args: unknown[];
  options?: Record<string, unknown>;
  input: FixtureTensor;
  /** a second input tensor, passed right after the input (max_unpool's indices) */
  aux?: FixtureTensor;
  output?: FixtureTensor;
  /** the indices output of a `returnIndices: true` call (the values are `output`) */
  indices?: FixtureTensor;
  error?: {type: string; message: string};
  grad?: {upstream: FixtureTensor; input: FixtureTensor};
  /** PyTorch's own backward raised (adaptive pools with an empty output); the gradient is not compared. */
  grad_error?: {type: string; message: string};
  /** why a successful float case has no gradient ("size": its input gradient would exceed 1M elements) */
  grad_omitted?: string;
}

export interface FixtureFile {
  schema: number;
  torch: string;
  seed: number;
  group: string;
  cases: FixtureCase[];
}

export interface DecodedTensor {
  shape: number[];
  dtype: FixtureDtype;
  values: Float32Array | Int32Array | Uint8Array;
}

/** Decodes a fixture tensor; works in Node and in the browser (atob is global in both). */
export function decodeTensor(t: FixtureTensor): DecodedTensor {
  if ('gen' in t) return {shape: t.shape, dtype: t.dtype, values: ramp(t.n)};
  const binary = atob(t.data);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const values =
    t.dtype === 'float32' ? new Float32Array(bytes.buffer) : t.dtype === 'int32' ? new Int32Array(bytes.buffer) : bytes;
  return {shape: t.shape, dtype: t.dtype, values};
}

/** The generator's large-input formula: x[i] = float32(((i * 7919) % 10007) / 10007 - 0.5). */
function ramp(n: number): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = ((i * 7919) % 10007) / 10007 - 0.5;
  return out;
}
