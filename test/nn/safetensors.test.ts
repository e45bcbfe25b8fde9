/**
 * nn.loadSafetensors / saveSafetensors: a file written by Python's safetensors with every dtype the reader takes
 * (test/fixtures/kit/kit.json), a round trip, and bad files (truncated, oversized header, malformed JSON, unknown
 * dtype, offsets outside the file, overlaps, gaps, wrong byte counts, I64 beyond int32): each a SafetensorError
 * that leaves no tensor behind.
 */
import * as tf from '@tensorflow/tfjs';
import {nn} from '../../src';
import type {KitTensor} from './kit_cases';
import {KIT} from './kit_parity';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const b64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const num = (v: number | string) =>
  typeof v === 'number' ? v : v === 'nan' ? NaN : v === 'inf' ? Infinity : -Infinity;

/** A file from a header object and data bytes, as the format lays them out. */
function file(header: unknown, data = new Uint8Array(0), headerText?: string): Uint8Array {
  const text = new TextEncoder().encode(headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

function expectRefused(bytes: Uint8Array, message: RegExp): void {
  const before = tf.memory().numTensors;
  expect(() => nn.loadSafetensors(bytes)).toThrow(nn.SafetensorError);
  expect(() => nn.loadSafetensors(bytes)).toThrow(message);
  expect(tf.memory().numTensors).toBe(before);
}

it("reads every dtype of a file Python's safetensors wrote", async () => {
  const before = tf.memory().numTensors;
  const named = nn.loadSafetensors(b64(KIT.safetensors.file));
  const expected = KIT.safetensors.expected as Record<string, KitTensor>;
  expect([...named.keys()].sort()).toEqual(Object.keys(expected).sort());
  for (const [name, e] of Object.entries(expected)) {
    const t = named.get(name)!;
    expect([name, t.dtype, t.shape]).toEqual([name, e.dtype, e.shape]);
    // float32 values of float16/bfloat16/float64 entries: PyTorch's own .float() of the same entry
    expect(Array.from(await t.data())).toEqual(e.data.map(num));
  }
  named.forEach(t => t.dispose());
  expect(tf.memory().numTensors).toBe(before);
  expect(nn.readSafetensorsHeader(b64(KIT.safetensors.file)).metadata).toEqual({format: 'pt'});
});

it("refuses an I64 value outside int32's range", () => {
  expectRefused(b64(KIT.safetensors.i64_out_of_range), /I64 value 2147483648 at index 0 is outside int32's range/);
});

it('round-trips a state_dict through saveSafetensors, readable as PyTorch writes', async () => {
  const m = new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.BatchNorm2d(3));
  const bytes = await nn.saveSafetensors(m.stateDict(), {format: 'pt'});
  const {entries, metadata, dataStart} = nn.readSafetensorsHeader(bytes);
  expect(dataStart % 8).toBe(0);
  expect(metadata).toEqual({format: 'pt'});
  expect(entries.map(e => [e.name, e.dtype])).toEqual([
    ['0.weight', 'F32'],
    ['0.bias', 'F32'],
    ['1.weight', 'F32'],
    ['1.bias', 'F32'],
    ['1.running_mean', 'F32'],
    ['1.running_var', 'F32'],
    ['1.num_batches_tracked', 'I64'],
  ]);
  const back = nn.loadSafetensors(bytes);
  const m2 = new nn.Sequential(new nn.Conv2d(2, 3, 3), new nn.BatchNorm2d(3));
  m2.loadStateDict(back);
  for (const [k, t] of m.stateDict()) expect(await m2.stateDict().get(k)!.array()).toEqual(await t.array());
  back.forEach(t => t.dispose());
  m.dispose();
  m2.dispose();
});

describe('bad files: a SafetensorError, no tensor left behind', () => {
  const good = b64(KIT.safetensors.file);
  const f32 = (n: number) => new Uint8Array(4 * n);
  it.each<[string, () => Uint8Array, RegExp]>([
    ['shorter than the length field', () => good.subarray(0, 5), /HeaderTooSmall/],
    ['truncated data', () => good.subarray(0, good.length - 3), /MetadataIncompleteBuffer/],
    ['truncated header', () => good.subarray(0, 40), /InvalidHeaderLength/],
    [
      'header length beyond the limit',
      () => {
        const b = new Uint8Array(16);
        new DataView(b.buffer).setBigUint64(0, BigInt(2) ** BigInt(62), true);
        return b;
      },
      /HeaderTooLarge/,
    ],
    ['header not JSON', () => file(null, f32(0), '{"a": '), /InvalidHeaderDeserialization/],
    ['header not an object', () => file(null, f32(0), '[1, 2]'), /InvalidHeaderStart/],
    [
      'unknown dtype',
      () => file({a: {dtype: 'F8_E4M3', shape: [1], data_offsets: [0, 1]}}, new Uint8Array(1)),
      /unsupported dtype F8_E4M3/,
    ],
    // an object's inherited keys are not dtypes
    [
      'dtype "toString"',
      () => file({a: {dtype: 'toString', shape: [1], data_offsets: [0, 1]}}, new Uint8Array(1)),
      /unsupported dtype toString \(supported: F64, /,
    ],
    [
      'dtype "__proto__"',
      () => file(null, new Uint8Array(1), '{"a": {"dtype": "__proto__", "shape": [1], "data_offsets": [0, 1]}}'),
      /unsupported dtype __proto__ \(supported: F64, /,
    ],
    [
      'offsets outside the file',
      () => file({a: {dtype: 'F32', shape: [4], data_offsets: [0, 16]}}, f32(2)),
      /MetadataIncompleteBuffer/,
    ],
    [
      "byte count not the shape's",
      () => file({a: {dtype: 'F32', shape: [3], data_offsets: [0, 8]}}, f32(2)),
      /TensorInvalidInfo/,
    ],
    [
      'overlapping entries',
      () =>
        file(
          {a: {dtype: 'F32', shape: [2], data_offsets: [0, 8]}, b: {dtype: 'F32', shape: [2], data_offsets: [4, 12]}},
          f32(3),
        ),
      /InvalidOffset/,
    ],
    [
      'a gap between entries',
      () =>
        file(
          {a: {dtype: 'F32', shape: [1], data_offsets: [0, 4]}, b: {dtype: 'F32', shape: [1], data_offsets: [8, 12]}},
          f32(3),
        ),
      /InvalidOffset/,
    ],
    ['negative shape', () => file({a: {dtype: 'F32', shape: [-1], data_offsets: [0, 0]}}), /non-negative integers/],
    [
      'offsets reversed',
      () => file({a: {dtype: 'F32', shape: [0], data_offsets: [4, 0]}}, f32(1)),
      /data_offsets must be/,
    ],
    ['bad metadata', () => file({__metadata__: {a: 1}}), /__metadata__ must map strings to strings/],
    [
      'BOOL byte other than 0 or 1',
      () => file({a: {dtype: 'BOOL', shape: [1], data_offsets: [0, 1]}}, Uint8Array.of(2)),
      /neither 0 nor 1/,
    ],
  ])('%s', (_, make, message) => {
    expectRefused(make(), message);
  });

  it('a later entry failing leaves none of the earlier ones', () => {
    const data = new Uint8Array(12);
    new DataView(data.buffer).setBigInt64(4, BigInt(2) ** BigInt(40), true);
    expectRefused(
      file(
        {a: {dtype: 'F32', shape: [1], data_offsets: [0, 4]}, b: {dtype: 'I64', shape: [1], data_offsets: [4, 12]}},
        data,
      ),
      /outside int32's range/,
    );
  });
});
