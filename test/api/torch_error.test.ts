/**
 * `instanceof TorchError` across copies of the package: an error thrown by the CommonJS build is a TorchError of
 * the ESM build and the other way round (a Symbol.for brand read by Symbol.hasInstance), while plain errors and
 * subclasses keep the ordinary answer.
 */
import {execFileSync} from 'child_process';
import * as path from 'path';

type TorchErrors = typeof import('../../src/ops/torch_errors');

/** A fresh copy of src/ops/torch_errors.ts: its own TorchError class, as a second build would have. */
function loadCopy(): TorchErrors {
  let copy: TorchErrors | undefined;
  jest.isolateModules(() => {
    copy = require('../../src/ops/torch_errors');
  });
  return copy!;
}

describe('TorchError', () => {
  const a = loadCopy();
  const b = loadCopy();

  it('has its own class per copy (the situation the brand is for)', () => {
    expect(a.TorchError).not.toBe(b.TorchError);
    expect(Object.getPrototypeOf(new a.TorchError('IndexError', 'x'))).not.toBe(b.TorchError.prototype);
  });

  it("is an instance of every copy's TorchError, and still an Error", () => {
    const e = new a.TorchError('IndexError', 'Dimension out of range');
    expect(e instanceof a.TorchError).toBe(true);
    expect(e instanceof b.TorchError).toBe(true);
    expect(e instanceof Error).toBe(true);
    expect(e.name).toBe('IndexError');
    expect(e.torchType).toBe('IndexError');
    expect(e.message).toBe('Dimension out of range');
    expect(String(e)).toBe('IndexError: Dimension out of range');
    expect(Object.keys(e)).toEqual(['torchType', 'name']); // the brand is not enumerable: no change to what prints
  });

  it("holds for errors thrown by the ops' checks", () => {
    let thrown: unknown;
    try {
      a.wrapDim(5, 2);
    } catch (e) {
      thrown = e;
    }
    expect(thrown instanceof b.TorchError).toBe(true);
    expect((thrown as Error).message).toBe('Dimension out of range (expected to be in range of [-2, 1], but got 5)');
  });

  it('is false for other values', () => {
    for (const v of [
      new Error('x'),
      new TypeError('x'),
      {name: 'RuntimeError', message: 'x'},
      null,
      undefined,
      3,
      'RuntimeError',
      Object.assign(new Error('x'), {torchType: 'RuntimeError'}),
    ]) {
      expect(v instanceof a.TorchError).toBe(false);
    }
  });

  it('leaves subclasses their ordinary instanceof', () => {
    class Sub extends a.TorchError {}
    const sub = new Sub('ValueError', 'x');
    expect(sub instanceof Sub).toBe(true);
    expect(sub instanceof a.TorchError).toBe(true);
    expect(sub instanceof b.TorchError).toBe(true);
    expect(new a.TorchError('ValueError', 'x') instanceof Sub).toBe(false);
  });
});

// The built package as a user loads it (self-reference from the repository root; `npm test` builds dist/ first).
const SCRIPT = `
const tf = require('@tensorflow/tfjs-core');
require('@tensorflow/tfjs-backend-cpu');
tf.env().set('IS_TEST', true);
const cjs = require('tfjs-torch-ops');
import('tfjs-torch-ops').then(async esm => {
  await tf.setBackend('cpu');
  const thrown = f => { try { f(); } catch (e) { return e; } };
  const fromCjs = thrown(() => cjs.avgPool2d(tf.ones([1, 1, 4, 4]), 0));
  const fromEsm = thrown(() => esm.mean(tf.ones([2, 2]), [5]));
  console.log(JSON.stringify({
    distinctClasses: cjs.TorchError !== esm.TorchError,
    cjsErrorIsEsm: fromCjs instanceof esm.TorchError, cjsErrorIsCjs: fromCjs instanceof cjs.TorchError,
    esmErrorIsCjs: fromEsm instanceof cjs.TorchError, esmErrorIsEsm: fromEsm instanceof esm.TorchError,
    names: [fromCjs.name, fromEsm.name],
  }));
});
`;

it('holds across the ESM and CommonJS builds in one process', () => {
  const out = JSON.parse(
    execFileSync(process.execPath, ['-e', SCRIPT], {cwd: path.join(__dirname, '..', '..'), encoding: 'utf8'}),
  );
  expect(out).toEqual({
    distinctClasses: true,
    cjsErrorIsEsm: true,
    cjsErrorIsCjs: true,
    esmErrorIsCjs: true,
    esmErrorIsEsm: true,
    names: ['RuntimeError', 'IndexError'],
  });
});
