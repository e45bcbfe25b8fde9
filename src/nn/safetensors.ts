/**
 * The safetensors file format (huggingface/safetensors), read and written without any dependency: an 8-byte
 * little-endian header length N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, __metadata__?}`
 * (offsets relative to the end of the header), then the tensors' bytes. PyTorch writes it with
 * `safetensors.torch.save_file(model.state_dict(), path)`.
 *
 *   const named = nn.loadSafetensors(fs.readFileSync('resnet18.safetensors'));   // Map<string, tf.Tensor>
 *   model.loadStateDict(named);
 *   named.forEach(t => t.dispose());
 *
 * Reading validates the whole header before creating any tensor (size limits, JSON shape, known dtypes, offsets
 * inside the file, each entry's byte length matching its shape, entries contiguous without overlap or gap, as the
 * reference reader demands) and decodes every entry before the first tf.tensor, so a bad file throws a
 * SafetensorError and leaves no tensor behind. Nothing from the file is evaluated: the header is JSON.parse'd data.
 *
 * dtypes: F32, F16, BF16, F64 load as float32; I64, I32, I16, I8, U8, BOOL as int32 (tfjs's int32 stands for
 * torch's int64; an I64 value outside int32's range is an error). Writing maps float32 to F32, int32 to I64 (as
 * PyTorch's int64 buffers such as num_batches_tracked are stored) and bool to BOOL.
 */
import * as tf from '@tensorflow/tfjs-core';
import {rejectExtraArguments, rejectKeywordsOrExtra, rejectUnknownKeywords} from '../ops/keyword_args';
import {isOptions} from './init_args';

/** A malformed, truncated or unsupported safetensors file. */
export class SafetensorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SafetensorError';
  }
}

/** The reference reader's limit on the header (100 MB). */
export const MAX_HEADER_BYTES = 100_000_000;

const ITEM_BYTES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** One tensor's entry in a safetensors header: its dtype, shape and byte range in the data section. */
export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  begin: number;
  end: number;
}

function fail(message: string): never {
  throw new SafetensorError(message);
}

function asBytes(bytes: Uint8Array | ArrayBuffer): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  return fail('loadSafetensors expects a Uint8Array or an ArrayBuffer (e.g. fs.readFileSync or fetch().arrayBuffer())');
}

/** Parses and checks the header; returns the entries (in header order), the metadata and where the data starts. */
export function readSafetensorsHeader(
  input: Uint8Array | ArrayBuffer,
  ...extra: unknown[]
): {entries: SafetensorsEntry[]; metadata: Record<string, string> | null; dataStart: number} {
  rejectKeywordsOrExtra('readSafetensorsHeader', extra, 1, []); // no Python counterpart: the JavaScript name
  const bytes = asBytes(input);
  if (bytes.length < 8) fail(`Error while deserializing header: HeaderTooSmall (the file has ${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES)) fail(`Error while deserializing header: HeaderTooLarge (${n} bytes)`);
  const headerLength = Number(n);
  if (8 + headerLength > bytes.length) {
    fail(
      `Error while deserializing header: InvalidHeaderLength (${headerLength} header bytes announced, ` +
        `${bytes.length - 8} in the file)`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', {fatal: true}).decode(bytes.subarray(8, 8 + headerLength));
  } catch {
    return fail('Error while deserializing header: InvalidHeader (not UTF-8)');
  }
  if (!text.startsWith('{')) {
    fail("Error while deserializing header: InvalidHeaderStart (the header must start with '{')");
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (e) {
    return fail(`Error while deserializing header: InvalidHeaderDeserialization (${(e as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    fail('Error while deserializing header: InvalidHeaderDeserialization (not a JSON object)');
  }
  let metadata: Record<string, string> | null = null;
  const entries: SafetensorsEntry[] = [];
  for (const [name, info] of Object.entries(header as Record<string, unknown>)) {
    if (name === '__metadata__') {
      if (
        typeof info !== 'object' ||
        info === null ||
        Array.isArray(info) ||
        !Object.values(info).every(v => typeof v === 'string')
      ) {
        fail('Error while deserializing header: __metadata__ must map strings to strings');
      }
      metadata = info as Record<string, string>;
      continue;
    }
    const e = info as {dtype?: unknown; shape?: unknown; data_offsets?: unknown};
    if (typeof e !== 'object' || e === null) fail(`tensor "${name}": expected {dtype, shape, data_offsets}`);
    const dtype = e.dtype;
    if (typeof dtype !== 'string') fail(`tensor "${name}": dtype missing`);
    // own keys only: `in` would take an object's inherited names ('toString', '__proto__') for dtypes
    if (!Object.prototype.hasOwnProperty.call(ITEM_BYTES, dtype)) {
      fail(`tensor "${name}": unsupported dtype ${dtype} (supported: ${Object.keys(ITEM_BYTES).join(', ')})`);
    }
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every(s => Number.isSafeInteger(s) && s >= 0)) {
      fail(`tensor "${name}": shape must be a list of non-negative integers`);
    }
    const offsets = e.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every(o => Number.isSafeInteger(o) && o >= 0) ||
      offsets[0] > offsets[1]
    ) {
      fail(`tensor "${name}": data_offsets must be [begin, end] with 0 <= begin <= end`);
    }
    const numel = (shape as number[]).reduce((a, b) => a * b, 1);
    if (numel > 2 ** 31 - 1) fail(`tensor "${name}": ${numel} elements are more than a tfjs tensor holds`);
    if (numel * ITEM_BYTES[dtype] !== offsets[1] - offsets[0]) {
      fail(
        `Error while deserializing header: TensorInvalidInfo (tensor "${name}": ${dtype} of shape ` +
          `[${shape.join(', ')}] needs ${numel * ITEM_BYTES[dtype]} bytes, data_offsets give ` +
          `${offsets[1] - offsets[0]})`,
      );
    }
    entries.push({name, dtype, shape: shape as number[], begin: offsets[0], end: offsets[1]});
  }
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin !== at) {
      fail(
        `Error while deserializing header: InvalidOffset (tensor "${e.name}" starts at ${e.begin}, ` +
          `expected ${at}: ` +
          'entries must follow each other without overlap or gap)',
      );
    }
    at = e.end;
  }
  if (at !== dataLength) {
    fail(
      `Error while deserializing header: MetadataIncompleteBuffer (the tensors take ${at} bytes, the file holds ` +
        `${dataLength} after the header)`,
    );
  }
  return {entries, metadata, dataStart};
}

/** float16 bits -> number */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** Decodes one entry's bytes (little-endian) into what tf.tensor takes. */
function decode(e: SafetensorsEntry, view: DataView, start: number): Float32Array | Int32Array {
  const numel = e.shape.reduce((a, b) => a * b, 1);
  const isFloat = e.dtype.startsWith('F') || e.dtype === 'BF16';
  const out = isFloat ? new Float32Array(numel) : new Int32Array(numel);
  const at = start + e.begin;
  if (e.dtype === 'BF16') {
    // bfloat16 is float32's upper half: its 16 bits, shifted up, written straight into the output's float32 words
    // (a Uint32Array over the same buffer, so both views share the platform's byte order)
    const bits = new Uint32Array(out.buffer);
    for (let i = 0; i < numel; i++) bits[i] = view.getUint16(at + 2 * i, true) << 16;
    return out;
  }
  for (let i = 0; i < numel; i++) {
    switch (e.dtype) {
      case 'F32':
        out[i] = view.getFloat32(at + 4 * i, true);
        break;
      case 'F64':
        out[i] = view.getFloat64(at + 8 * i, true);
        break;
      case 'F16':
        out[i] = halfToFloat(view.getUint16(at + 2 * i, true));
        break;
      case 'I64': {
        const v = view.getBigInt64(at + 8 * i, true);
        if (v < BigInt(-(2 ** 31)) || v > BigInt(2 ** 31 - 1)) {
          fail(`tensor "${e.name}": I64 value ${v} at index ${i} is outside int32's range, which tfjs's int32 holds`);
        }
        out[i] = Number(v);
        break;
      }
      case 'I32':
        out[i] = view.getInt32(at + 4 * i, true);
        break;
      case 'I16':
        out[i] = view.getInt16(at + 2 * i, true);
        break;
      case 'I8':
        out[i] = view.getInt8(at + i);
        break;
      case 'U8':
        out[i] = view.getUint8(at + i);
        break;
      case 'BOOL': {
        const b = view.getUint8(at + i);
        if (b > 1) fail(`tensor "${e.name}": BOOL byte ${b} at index ${i} is neither 0 nor 1`);
        out[i] = b;
        break;
      }
      default:
        fail(`tensor "${e.name}": unsupported dtype ${e.dtype}`);
    }
  }
  return out;
}

/**
 * Reads a safetensors file into named tensors, in the header's order. The caller owns the tensors (dispose them,
 * e.g. after `module.loadStateDict(named)`, which copies).
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer, ...extra: unknown[]): Map<string, tf.Tensor> {
  rejectKeywordsOrExtra('load', extra, 1, []); // safetensors.torch.load(data)
  const data = asBytes(bytes);
  const {entries, dataStart} = readSafetensorsHeader(data);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const decoded = entries.map(e => decode(e, view, dataStart));
  const out = new Map<string, tf.Tensor>();
  entries.forEach((e, i) =>
    out.set(e.name, tf.tensor(decoded[i], e.shape, decoded[i] instanceof Float32Array ? 'float32' : 'int32')),
  );
  return out;
}

/**
 * Writes named tensors (a state_dict, a Map or a plain object) as a safetensors file that
 * `safetensors.torch.load_file` reads: float32 as F32, int32 as I64 (torch's long), bool as BOOL. Entries are
 * written in the given order; the header is padded with spaces to a multiple of 8 bytes, as the reference writer
 * pads it. `metadata` becomes `__metadata__`.
 */
export function saveSafetensors(
  named: Map<string, tf.Tensor> | Record<string, tf.Tensor>,
  metadata?: Record<string, string>,
  ...extra: unknown[]
): Promise<Uint8Array> {
  // safetensors.torch.save(tensors, metadata=None); checked before the promise, so a bad call throws at once
  // (metadata is the second argument here, so a trailing object's keys are all unknown)
  if (extra.length === 1 && isOptions(extra[0])) rejectUnknownKeywords('save', extra[0], []);
  rejectExtraArguments('save', extra, 1, 2);
  return writeSafetensors(named, metadata);
}

async function writeSafetensors(
  named: Map<string, tf.Tensor> | Record<string, tf.Tensor>,
  metadata?: Record<string, string>,
): Promise<Uint8Array> {
  const items = named instanceof Map ? [...named] : Object.entries(named);
  const header: Record<string, unknown> = {};
  if (metadata) header.__metadata__ = metadata;
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const [name, t] of items) {
    if (!(t instanceof tf.Tensor)) fail(`saveSafetensors: "${name}" is not a tf.Tensor`);
    const values = await t.data();
    let chunk: Uint8Array;
    let dtype: string;
    if (t.dtype === 'float32') {
      dtype = 'F32';
      chunk = new Uint8Array(values.length * 4);
      const v = new DataView(chunk.buffer);
      (values as Float32Array).forEach((x, i) => v.setFloat32(4 * i, x, true));
    } else if (t.dtype === 'int32') {
      dtype = 'I64';
      chunk = new Uint8Array(values.length * 8);
      const v = new DataView(chunk.buffer);
      (values as Int32Array).forEach((x, i) => v.setBigInt64(8 * i, BigInt(x), true));
    } else if (t.dtype === 'bool') {
      dtype = 'BOOL';
      chunk = Uint8Array.from(values as Uint8Array, x => (x ? 1 : 0));
    } else {
      return fail(`saveSafetensors: "${name}" has dtype ${t.dtype}, which safetensors does not store`);
    }
    header[name] = {dtype, shape: t.shape, data_offsets: [offset, offset + chunk.length]};
    chunks.push(chunk);
    offset += chunk.length;
  }
  let text = JSON.stringify(header);
  text += ' '.repeat((8 - (new TextEncoder().encode(text).length % 8)) % 8);
  const headerBytes = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
