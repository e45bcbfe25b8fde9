/**
 * The kit's channels-last memory format (model.to({memoryFormat: 'channelsLast'})): the same values as the contiguous
 * model for every layout-sensitive module and nn.functional step, NCHW at the boundary, no Transpose kernel inside
 * but the boundary's, the errors that keep a layout from being guessed, nothing leaked. Also the derived-tensor caches
 * (conv filters, eval BatchNorm's scale and shift) following their parameters, a state_dict that stays live across a
 * training step, and GELU's `approximate` checked as F.gelu checks it. PyTorch's own logits in both formats are
 * checked on the five torchvision ports (examples/torchvision/torchvision.test.ts, cpu, wasm and tensorflow).
 */
import * as tf from '@tensorflow/tfjs';
import {nn, TorchError} from '../../src';
import {ramp} from '../support/ramp';

const F = nn.functional;

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** Every module kind whose layout matters, in one forward written as a PyTorch port writes it. */
class Net extends nn.Module {
  declare stem: nn.Conv2d;
  declare bn: nn.BatchNorm2d;
  declare pool: nn.MaxPool2d;
  declare a: nn.Conv2d;
  declare b: nn.Conv2d;
  declare dw: nn.Conv2d;
  declare up: nn.ConvTranspose2d;
  declare gn: nn.GroupNorm;
  declare ln: nn.LayerNorm;
  declare soft: nn.Softmax;
  declare avg: nn.AdaptiveAvgPool2d;
  declare flat: nn.Flatten;
  declare fc: nn.Linear;

  constructor(readonly withPools = true) {
    super();
    this.stem = new nn.Conv2d(3, 8, 3, {stride: 2, padding: 1, bias: false});
    this.bn = new nn.BatchNorm2d(8);
    this.pool = new nn.MaxPool2d(3, {stride: 1, padding: 1});
    this.a = new nn.Conv2d(8, 4, 1);
    this.b = new nn.Conv2d(8, 6, 3, {padding: 2, dilation: 2, paddingMode: 'reflect'});
    this.dw = new nn.Conv2d(10, 10, 3, {padding: 1, groups: 2});
    this.up = new nn.ConvTranspose2d(10, 10, 3, {stride: 2, padding: 1, outputPadding: 1});
    this.gn = new nn.GroupNorm(5, 10);
    this.ln = new nn.LayerNorm([16]); // over the logical last dim, W
    this.soft = new nn.Softmax(1);
    this.avg = new nn.AdaptiveAvgPool2d([1, 1]);
    this.flat = new nn.Flatten();
    this.fc = new nn.Linear(10, 5);
  }

  forward(x: tf.Tensor): tf.Tensor[] {
    return tf.tidy(() => {
      let y = tf.relu(this.bn.forward(this.stem.forward(x)));
      if (this.withPools) y = this.pool.forward(y) as tf.Tensor;
      y = F.cat([this.a.forward(y), this.b.forward(y)], 1); // torch.cat([...], 1)
      y = tf.add(this.dw.forward(y), y); // a residual add of two kit outputs
      const up = this.soft.forward(this.ln.forward(this.gn.forward(this.up.forward(y))));
      const [n, c, h, w] = F.size(y); // x.size()
      const logits = this.fc.forward(
        this.flat.forward(this.withPools ? (this.avg.forward(y) as tf.Tensor) : tf.mean(y, [1, 2], true)),
      );
      return [logits, up, F.flatten(y, 1), tf.tensor([n, c, h, w])];
    });
  }
}

function loaded(withPools = true): Net {
  const net = new Net(withPools);
  net.namedParameters().forEach(([, p], k) => p.assign(ramp(p.shape, k + 2).mul(0.5)));
  // non-trivial running statistics
  net.train();
  tf.dispose(net.forward(ramp([2, 3, 16, 16], 9)));
  return net.eval();
}

describe("channels-last memory format: PyTorch's values, NHWC inside", () => {
  it('gives the contiguous model’s outputs, NCHW at the boundary, and reads x.size() as NCHW', async () => {
    const x = ramp([2, 3, 16, 16]);
    const net = loaded();
    const before = net.forward(x);
    net.to({memoryFormat: 'channelsLast'});
    expect(net.modules().every(m => m.memoryFormat === 'channelsLast')).toBe(true);
    const after = net.forward(x);
    expect(after.map(t => t.shape)).toEqual(before.map(t => t.shape));
    expect(await after[3].data()).toEqual(await before[3].data());
    for (let i = 0; i < 3; i++) {
      const [a, b] = [await after[i].data(), await before[i].data()];
      let d = 0;
      for (let j = 0; j < a.length; j++) d = Math.max(d, Math.abs(a[j] - b[j]));
      expect(d).toBeLessThan(1e-5);
    }
    // and back
    net.to({memoryFormat: 'contiguous'});
    const again = net.forward(x);
    expect(await again[0].data()).toEqual(await before[0].data());
    tf.dispose([x, before, after, again]);
    net.dispose();
  });

  it('runs no Transpose kernel but the input boundary (no pools; a 1×1 plane before flatten)', async () => {
    // conv, BatchNorm, ReLU, cat, a residual add, a conv to a 1×1 plane, flatten, Linear
    class Lean extends nn.Module {
      declare stem: nn.Conv2d;
      declare bn: nn.BatchNorm2d;
      declare a: nn.Conv2d;
      declare b: nn.Conv2d;
      declare dw: nn.Conv2d;
      declare head: nn.Conv2d;
      declare fc: nn.Linear;
      constructor() {
        super();
        this.stem = new nn.Conv2d(3, 8, 3, {stride: 2, padding: 1});
        this.bn = new nn.BatchNorm2d(8);
        this.a = new nn.Conv2d(8, 4, 1);
        this.b = new nn.Conv2d(8, 6, 3, {padding: 1});
        this.dw = new nn.Conv2d(10, 10, 3, {padding: 1, groups: 10});
        this.head = new nn.Conv2d(10, 12, 8);
        this.fc = new nn.Linear(12, 5);
      }
      forward(t: tf.Tensor): tf.Tensor {
        return tf.tidy(() => {
          let y = tf.relu(this.bn.forward(this.stem.forward(t)));
          y = F.cat([this.a.forward(y), this.b.forward(y)], 1);
          y = tf.add(this.dw.forward(y), y);
          return this.fc.forward(F.flatten(this.head.forward(y), 1));
        });
      }
    }
    const x = ramp([1, 3, 16, 16]);
    const lean = new Lean().eval();
    const transposes = async () => {
      const info = await tf.profile(() => lean.forward(x));
      (info.result as tf.Tensor).dispose();
      return info.kernels.filter(k => k.name === 'Transpose').length;
    };
    const contiguous = await transposes();
    const expected = lean.forward(x);
    lean.to({memoryFormat: 'channelsLast'});
    expect(await transposes()).toBe(1); // the input, NCHW -> NHWC; [N, C, 1, 1] -> flatten is a reshape
    expect(contiguous).toBeGreaterThanOrEqual(10); // two around each of the five convolutions
    const got = lean.forward(x);
    const [a, b] = [await got.data(), await expected.data()];
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-5));
    tf.dispose([x, expected, got]);
    lean.dispose();
  });

  it('leaks nothing: a channels-last forward keeps only its output once the caches are built', () => {
    const x = ramp([1, 3, 16, 16]);
    const net = loaded().to({memoryFormat: 'channelsLast'});
    tf.dispose(net.apply(x));
    const before = tf.memory().numTensors;
    const out = net.apply(x);
    expect(tf.memory().numTensors).toBe(before + out.length);
    tf.dispose(out);
    net.dispose();
    x.dispose();
  });

  it('is an error, not a guess, when a module runs outside its model or a new one inside', () => {
    const net = loaded().to({memoryFormat: 'channelsLast'});
    const x = ramp([1, 3, 16, 16]);
    net.addModule('late', new nn.Conv2d(8, 8, 1));
    const late = (net as unknown as {late: nn.Conv2d}).late;
    class Outer extends nn.Module {
      constructor(readonly inner: nn.Conv2d) {
        super();
      }
      forward(t: tf.Tensor): tf.Tensor {
        return this.inner.forward(t);
      }
    }
    const outer = new Outer(new nn.Conv2d(3, 3, 1)).to({memoryFormat: 'channelsLast'});
    const before = tf.memory().numTensors;
    expect(() => net.stem.forward(x)).toThrow(
      'Conv2d is in channels_last memory format but runs outside a channels-last forward: call it through the ' +
        "module that model.to({memoryFormat: 'channelsLast'}) was called on, which converts the model's input " +
        'and output',
    );
    outer.inner.memoryFormat = 'contiguous'; // as a module added after `to`
    expect(() => outer.forward(x)).toThrow(
      'Conv2d is in contiguous memory format but runs inside a channels-last forward: call ' +
        "model.to({memoryFormat: 'channelsLast'}) again after adding it",
    );
    expect(late.memoryFormat).toBe('contiguous');
    expect(tf.memory().numTensors).toBe(before);
    expect(() => net.to({memoryFormat: 'channels_last' as never})).toThrow(TorchError);
    expect(() => net.to({memoryFormat: 'channels_last' as never})).toThrow(
      "to() memory_format must be one of 'contiguous', 'channelsLast', got 'channels_last'",
    );
    expect(() => net.to({device: 'cpu'} as never)).toThrow(
      "to() got an unexpected keyword argument 'device' (only memoryFormat is supported)",
    );
    outer.dispose();
    net.dispose();
    x.dispose();
  });

  it('nn.functional: cat, flatten and size read logical dims in both formats', async () => {
    const a = ramp([1, 2, 3, 4], 1);
    const b = ramp([1, 5, 3, 4], 2);
    const cont = {cat: F.cat([a, b], 1), flat: F.flatten(a, 1), size: F.size(a)};
    expect(cont.cat.shape).toEqual([1, 7, 3, 4]);
    expect(cont.size).toEqual([1, 2, 3, 4]);
    class Wrap extends nn.Module {
      forward(x: tf.Tensor, y: tf.Tensor): tf.Tensor[] {
        return [F.cat([x, y], 1), F.flatten(x, 1), tf.tensor(F.size(x)), F.cat([x, x], -1)];
      }
    }
    const [c, f, s, w] = new Wrap().to({memoryFormat: 'channelsLast'}).forward(a, b);
    expect(Array.from(await s.data())).toEqual([1, 2, 3, 4]);
    expect(await c.data()).toEqual(await cont.cat.data());
    expect(await f.data()).toEqual(await cont.flat.data());
    expect(await w.data()).toEqual(await tf.concat([a, a], 3).data());
    tf.dispose([a, b, c, f, s, w, cont.cat, cont.flat]);
  });
});

describe('derived tensors follow their parameters', () => {
  it('a Conv2d re-derives its cached filter after loadStateDict and after an optimizer step', async () => {
    const x = ramp([1, 2, 6, 6]);
    const conv = new nn.Conv2d(2, 3, 3, {padding: 1}).eval();
    const first = conv.forward(x);
    const fresh = new nn.Conv2d(2, 3, 3, {padding: 1}).eval();
    conv.loadStateDict(fresh.stateDict());
    const loadedY = conv.forward(x);
    const freshY = fresh.forward(x);
    expect(await loadedY.data()).toEqual(await freshY.data());
    expect(await loadedY.data()).not.toEqual(await first.data());
    // the gradient reaches the weight through the derivation (no cached filter under a tape)
    const {value, grads} = tf.variableGrads(() => tf.sum(conv.forward(x)) as tf.Scalar);
    expect(grads[conv.weight.name]).toBeDefined();
    tf.train.sgd(0.5).applyGradients(grads);
    const stepped = conv.forward(x);
    const manual = new nn.Conv2d(2, 3, 3, {padding: 1}).eval();
    manual.loadStateDict(conv.stateDict());
    const manualY = manual.forward(x);
    expect(await stepped.data()).toEqual(await manualY.data());
    expect(await stepped.data()).not.toEqual(await loadedY.data());
    tf.dispose([x, first, loadedY, freshY, value, ...Object.values(grads), stepped, manualY]);
    [conv, fresh, manual].forEach(m => m.dispose());
  });

  it("an eval BatchNorm2d's folded scale and shift follow loadStateDict", async () => {
    const x = ramp([1, 2, 3, 3]);
    const bn = new nn.BatchNorm2d(2).eval();
    const y0 = bn.forward(x);
    const sd = new Map([
      ['weight', tf.tensor([2, 3])],
      ['bias', tf.tensor([0.5, -1])],
      ['running_mean', tf.tensor([0.1, 0.2])],
      ['running_var', tf.tensor([4, 0.25])],
    ]);
    bn.loadStateDict(sd);
    const y1 = bn.forward(x);
    const expected = tf.tidy(() =>
      tf.add(
        tf.mul(
          tf.sub(x, tf.reshape(tf.tensor([0.1, 0.2]), [1, 2, 1, 1])),
          tf.reshape(tf.tensor([2 / Math.sqrt(4 + 1e-5), 3 / Math.sqrt(0.25 + 1e-5)]), [1, 2, 1, 1]),
        ),
        tf.reshape(tf.tensor([0.5, -1]), [1, 2, 1, 1]),
      ),
    );
    const [a, b] = [await y1.data(), await expected.data()];
    a.forEach((v, i) => expect(Math.abs(v - b[i])).toBeLessThan(1e-5));
    expect(await y1.data()).not.toEqual(await y0.data());
    tf.dispose([x, y0, y1, expected, ...sd.values()]);
    bn.dispose();
  });

  it('a stateDict() taken before a training step holds the updated running statistics', async () => {
    const bn = new nn.BatchNorm2d(2);
    const sd = bn.stateDict();
    const x = ramp([2, 2, 3, 3]);
    tf.dispose(bn.forward(x));
    for (const key of ['running_mean', 'running_var', 'num_batches_tracked']) {
      const t = sd.get(key)!;
      expect(t.isDisposed).toBe(false);
      expect(await t.data()).toEqual(await bn.stateDict().get(key)!.data());
    }
    expect(Array.from(await sd.get('num_batches_tracked')!.data())).toEqual([1]);
    expect(Array.from(await sd.get('running_mean')!.data())).not.toEqual([0, 0]);
    x.dispose();
    bn.dispose();
  });
});

describe('GELU checks approximate as F.gelu does, when it runs', () => {
  it('constructs with any value, as PyTorch; forward raises its TypeError or RuntimeError', () => {
    const x = tf.zeros([2]);
    const bad = new nn.GELU({approximate: 'foo' as never});
    expect(String(bad)).toBe("GELU(approximate='foo')");
    const before = tf.memory().numTensors;
    let thrown: unknown;
    try {
      bad.forward(x);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as TorchError).torchType).toBe('RuntimeError');
    expect((thrown as Error).message).toBe('approximate argument must be either none or tanh.');
    try {
      new nn.GELU({approximate: 3 as never}).forward(x);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as TorchError).torchType).toBe('TypeError');
    expect((thrown as Error).message).toBe("gelu(): argument 'approximate' must be str, not int");
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
