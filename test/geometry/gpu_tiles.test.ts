/** src/geometry/gpu_tiles.ts: tiles and chunk passes never exceed the bound and cover every cell. */
import {
  MAX_WINDOW_ELEMENTS,
  WEBGL_MEAN,
  WEBGPU_MEAN,
  chunkPasses,
  reductionPasses,
  windowTiles,
} from '../../src/geometry';

it.each([[[1, 255, 255]], [[1, 4096, 2048]], [[1, 1, 100000]], [[7, 300, 9]], [[4096, 4096, 4096]], [[1, 64, 64]]])(
  'windowTiles(%j): tiles within the bound, covering the window',
  spans => {
    const t = windowTiles(spans);
    if (spans.reduce((a, b) => a * b, 1) <= MAX_WINDOW_ELEMENTS) {
      expect(t).toBeNull();
      return;
    }
    expect(t!.tile[0] * t!.tile[1] * t!.tile[2]).toBeLessThanOrEqual(MAX_WINDOW_ELEMENTS);
    spans.forEach((s, d) => expect(t!.tile[d] * t!.count[d]).toBeGreaterThanOrEqual(s));
    spans.forEach((s, d) => expect(t!.tile[d] * (t!.count[d] - 1)).toBeLessThan(s));
    expect(t!.tiles).toBe(t!.count[0] * t!.count[1] * t!.count[2]);
  },
);

it.each([0, 1, 2, 4096, 4097, 16 << 20, 1e9])('chunkPasses(%i) reduces to one, each chunk within the bound', n => {
  let left = n;
  for (const c of chunkPasses(n)) {
    expect(c).toBeLessThanOrEqual(MAX_WINDOW_ELEMENTS);
    expect(c).toBeGreaterThanOrEqual(2);
    left = Math.ceil(left / c);
  }
  expect(left).toBeLessThanOrEqual(1);
  expect(chunkPasses(n).length).toBeLessThanOrEqual(
    Math.max(0, Math.ceil(Math.log(Math.max(n, 1)) / Math.log(4096) + 1e-9)),
  );
});

describe('reductionPasses (GPU means)', () => {
  it.each([1, 2, 56 * 56, 1024, 1025, 70000, 16 << 20, 3e8])('n = %i: every chunk bounded, one value left', n => {
    for (const policy of [WEBGL_MEAN, WEBGPU_MEAN]) {
      const passes = reductionPasses(n, policy);
      let left = n;
      for (const c of passes) {
        expect(c).toBeLessThanOrEqual(MAX_WINDOW_ELEMENTS);
        left = Math.ceil(left / c);
      }
      expect(left).toBe(1);
    }
  });

  it('keeps webgpu sequential up to 1024 and two passes up to 16M; webgl windows of at most 256', () => {
    expect(reductionPasses(1024, WEBGPU_MEAN)).toEqual([1024]);
    expect(reductionPasses(16 << 20, WEBGPU_MEAN)).toHaveLength(2);
    expect(Math.max(...reductionPasses(16 << 20, WEBGL_MEAN))).toBeLessThanOrEqual(256);
    expect(reductionPasses(56 * 56, WEBGL_MEAN)).toEqual([56, 16, 4]); // as webgl's mean always did
  });
});
