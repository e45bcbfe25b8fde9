/**
 * The cpu backend's SIMD mean copies into a WebAssembly memory of its own that never shrinks: a large reduction must
 * grow it by a bounded copy (one 32-column strip of the rows), not by the whole 2-D loop's block. Its own file, so
 * the memory starts fresh (jest gives every test file its own module registry).
 */
import {planMean} from '../../src/geometry';
import {getOwnHeap, simdAvailable} from '../../kernels/shared/box_simd';
import {meanReduce} from '../../kernels/shared/mean';
import {meanSimd, outerCopyBytes} from '../../kernels/shared/mean_simd';

const describeSimd = simdAvailable() ? describe : describe.skip; // skipped where WebAssembly SIMD is missing

describeSimd('SIMD mean on the cpu backend: own memory', () => {
  it('an outer reduction of 40000 x 200 grows it by a strip of 32 columns, not the 32 MB block', () => {
    const [rows, cols] = [40000, 200];
    const plan = planMean([rows, cols], [0]);
    expect(plan.sumOrder.kind).toBe('outerVector');
    const x = new Float32Array(rows * cols);
    for (let i = 0; i < x.length; i++) x[i] = Math.sin(i * 0.37) * 1000 + (i % 7);
    const got = new Float32Array(cols);
    expect(meanSimd(x, plan, got)).toBe(true);
    const strip = rows * 32 * 4;
    expect(outerCopyBytes(plan.sumOrder)).toBe(strip);
    // the strip, its 32 sums and the 512-byte scratch, rounded up to 64 KiB pages
    expect(getOwnHeap().memory.buffer.byteLength).toBeLessThanOrEqual(Math.ceil((strip + 1024) / 65536) * 65536);
    expect(getOwnHeap().memory.buffer.byteLength).toBeLessThan(x.byteLength / 4);
    const want = new Float32Array(cols);
    meanReduce(x, plan, want);
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});
