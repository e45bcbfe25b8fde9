/**
 * The kit's Module semantics against PyTorch's (test/fixtures/kit/kit.json): a composite model written as
 * torchvision writes one (assignment registers children), its state_dict names, order and dtypes, repr,
 * named_* lists, load_state_dict's errors and results (all or nothing, nothing leaked), logits; containers;
 * parameters as tf.Variables that tf.train optimizers update; dispose.
 */
import * as tf from '@tensorflow/tfjs';
import {TorchError, nn} from '../../src';
import {KitTensor, kitTensor, stateDictOf, within} from './kit_cases';
import {KIT, expectTorchError} from './kit_parity';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** test/fixtures/kit.py's Block, as a port writes it. */
class Block extends nn.Module {
  declare conv: nn.Sequential;

  constructor(c: number) {
    super();
    this.conv = new nn.Sequential(
      new nn.Conv2d(c, 2 * c, 1, {bias: false}),
      new nn.BatchNorm2d(2 * c),
      new nn.ReLU6(true),
      new nn.Conv2d(2 * c, 2 * c, 3, {padding: 1, groups: 2 * c, bias: false}),
      new nn.BatchNorm2d(2 * c),
      new nn.ReLU6(true),
      new nn.Conv2d(2 * c, c, 1, {bias: false}),
      new nn.BatchNorm2d(c),
    );
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(x, this.conv.forward(x) as tf.Tensor));
  }
}

/** test/fixtures/kit.py's Net. */
class Net extends nn.Module {
  declare stem: nn.Conv2d;
  declare blocks: nn.ModuleList;
  declare pool: nn.AdaptiveAvgPool2d;
  declare heads: nn.ModuleDict;
  declare scale: tf.Tensor;

  constructor() {
    super();
    this.stem = new nn.Conv2d(3, 4, 3, {stride: 2, padding: 1});
    this.blocks = new nn.ModuleList([new Block(4), new Block(4)]);
    this.pool = new nn.AdaptiveAvgPool2d(1);
    this.heads = new nn.ModuleDict({cls: new nn.Linear(4, 3), aux: new nn.Linear(4, 2)});
    this.registerBuffer(
      'scale',
      tf.tidy(() => tf.mul(tf.ones([1]), 2)),
    );
    this.registerBuffer('tmp', tf.zeros([1]), false);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      let y = tf.mul(this.stem.forward(x), this.scale);
      for (const b of this.blocks) y = (b as Block).forward(y);
      y = tf.reshape(this.pool.forward(y), [y.shape[0], -1]);
      return (this.heads.get('cls') as nn.Linear).forward(y);
    });
  }
}

const C = KIT.composite;

describe('a composite model written as torchvision writes one', () => {
  let net: Net;
  let baseline: number;
  beforeEach(() => {
    baseline = tf.memory().numTensors;
    net = new Net();
  });
  afterEach(() => {
    net.dispose();
    expect(tf.memory().numTensors).toBe(baseline);
  });

  it("has PyTorch's state_dict names, order, shapes and dtypes (num_batches_tracked included)", () => {
    expect([...net.stateDict()].map(([k, t]) => [k, t.shape, t.dtype])).toEqual(C.keys);
  });

  it('prints as PyTorch prints it (ModuleList runs compressed)', () => {
    expect(String(net)).toBe(C.repr);
  });

  it('lists named modules, parameters and buffers as PyTorch does', () => {
    expect(net.namedModules().map(([n]) => n)).toEqual(C.named_modules);
    expect(net.namedParameters().map(([n]) => n)).toEqual(C.named_parameters);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(C.named_buffers);
    expect(net.parameters().every(p => p instanceof tf.Variable && p.trainable)).toBe(true);
    // BatchNorm's running statistics are non-trainable tf.Variables (assigned in place by a training step)
    expect(net.buffers().every(b => !(b instanceof tf.Variable) || !b.trainable)).toBe(true);
  });

  it("loads PyTorch's state_dict and gives its logits in eval mode", async () => {
    const sd = stateDictOf(C.state_dict);
    expect(net.loadStateDict(sd)).toEqual({missingKeys: [], unexpectedKeys: []});
    sd.forEach(t => t.dispose());
    net.eval();
    expect(net.modules().every(m => !m.training)).toBe(true);
    const x = kitTensor(C.input);
    const y = net.apply(x);
    expect(await within('logits', y, C.output, C.err32.output, 'cpu')).toBeNull();
    x.dispose();
    y.dispose();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  it.each((C.load as any[]).map(c => [c.name, c]))('load_state_dict: %s', async (_, c) => {
    // the fixture's mutations, applied to PyTorch's state_dict as test/fixtures/kit.py applies them
    const sd = stateDictOf(C.state_dict);
    const edits: Record<string, (d: Map<string, tf.Tensor>) => void> = {
      missing: d => ['heads.cls.bias', 'blocks.0.conv.1.num_batches_tracked'].forEach(k => d.delete(k)),
      unexpected: d =>
        [
          ['heads.cls.extra', [1]],
          ['foo', [2]],
          ['blocks.5.weight', [1]],
          ['stem', [1]],
        ].forEach(([k, s]) => d.set(k as string, tf.zeros(s as number[]))),
      'size mismatch': d => d.set('heads.cls.weight', tf.zeros([2, 4])),
      'all three': d => {
        d.delete('stem.bias');
        d.set('extra', tf.zeros([1]));
        d.set('blocks.1.conv.0.weight', tf.zeros([8, 4, 1, 2]));
        d.set('scale', tf.zeros([2]));
      },
      'missing and unexpected, not strict': d => {
        d.delete('stem.bias');
        d.set('extra', tf.zeros([1]));
      },
      'size mismatch, not strict': d => d.set('heads.aux.bias', tf.zeros([3])),
    };
    const given = new Map(sd);
    edits[c.name](given);
    const snapshot = async () => Promise.all([...net.stateDict().values()].map(t => t.array()));
    const before = await snapshot();
    const tensors = tf.memory().numTensors;
    if (c.error) {
      expectTorchError(() => net.loadStateDict(given, {strict: c.strict}), c.error);
      expect(await snapshot()).toEqual(before); // all or nothing
    } else {
      expect(net.loadStateDict(given, {strict: c.strict})).toEqual({
        missingKeys: c.missing_keys,
        unexpectedKeys: c.unexpected_keys,
      });
      expect(tf.memory().numTensors).toBe(tensors);
    }
    new Set([...sd.values(), ...given.values()]).forEach(t => t.dispose());
  });

  it('registers on assignment in order; reassigning keeps the place, null keeps the name', () => {
    const fresh = new Net();
    expect(fresh.namedChildren().map(([n]) => n)).toEqual(['stem', 'blocks', 'pool', 'heads']);
    const old = fresh.stem;
    fresh.stem = new nn.Conv2d(3, 4, 1);
    old.dispose();
    expect(fresh.namedChildren().map(([n]) => n)).toEqual(['stem', 'blocks', 'pool', 'heads']);
    expect([...fresh.stateDict().keys()].slice(0, 2)).toEqual(['scale', 'stem.weight']); // own buffers first
    fresh.stem.dispose();
    (fresh as unknown as {stem: null}).stem = null;
    expect(String(fresh)).toContain('(stem): None');
    expect(fresh.stateDict().has('stem.weight')).toBe(false);
    fresh.dispose();
  });
});

describe('Module registration', () => {
  class Tiny extends nn.Module {
    declare w: tf.Variable;
    declare fc: nn.Linear;
    note = 'not registered';

    constructor() {
      super();
      this.w = tf.tidy(() => tf.variable(tf.zeros([2])));
      this.fc = new nn.Linear(2, 1);
      this.registerBuffer('count', tf.scalar(0, 'int32'));
    }

    forward(x: tf.Tensor): tf.Tensor {
      return this.fc.forward(tf.mul(x, this.w));
    }
  }

  it('a tf.Variable assigned is a parameter, a Module a child, anything else an attribute', () => {
    const t = new Tiny();
    expect([...t.stateDict().keys()]).toEqual(['w', 'count', 'fc.weight', 'fc.bias']); // own entries first
    expect(t.note).toBe('not registered');
    t.dispose();
  });

  it('refuses what PyTorch refuses, with its messages', () => {
    const t = new Tiny();
    expectTorchError(
      () => {
        (t as unknown as {fc: number}).fc = 3;
      },
      {type: 'TypeError', message: "cannot assign 'int' as child module 'fc' (torch.nn.Module or None expected)"},
    );
    const z = tf.zeros([1]);
    expectTorchError(
      () => {
        (t as unknown as {w: tf.Tensor}).w = z;
      },
      {
        type: 'TypeError',
        message: "cannot assign 'torch.FloatTensor' as parameter 'w' (torch.nn.Parameter or None expected)",
      },
    );
    z.dispose();
    expectTorchError(() => t.registerBuffer('a.b', null), {
      type: 'KeyError',
      message: 'buffer name can\'t contain "."',
    });
    expectTorchError(() => t.registerParameter('', null), {
      type: 'KeyError',
      message: 'parameter name can\'t be empty string ""',
    });
    expectTorchError(() => t.addModule('note', new nn.ReLU()), {
      type: 'KeyError',
      message: "attribute 'note' already exists",
    });
    // add_module names the dotted name and checks an existing attribute first; the register_* check the dot first
    expectTorchError(() => t.addModule('x.y', new nn.ReLU()), {
      type: 'KeyError',
      message: 'module name can\'t contain ".", got: x.y',
    });
    (t as unknown as Record<string, number>)['a.b'] = 1;
    expectTorchError(() => t.addModule('a.b', new nn.ReLU()), {
      type: 'KeyError',
      message: "attribute 'a.b' already exists",
    });
    expectTorchError(() => t.registerParameter('a.b', null), {
      type: 'KeyError',
      message: 'parameter name can\'t contain "."',
    });
    expectTorchError(() => new nn.Sequential(3 as unknown as nn.Module), KIT.sequential_int_error);
    t.dispose();
  });

  it('loadStateDict refuses a non-dict, a disposed-free way', () => {
    const t = new Tiny();
    expectTorchError(() => t.loadStateDict(null as unknown as Map<string, tf.Tensor>), {
      type: 'TypeError',
      message: 'Expected state_dict to be dict-like, got NoneType.',
    });
    t.dispose();
  });

  it('loadStateDict with a disposed entry changes nothing, whatever the entries before it', () => {
    const lin = new nn.Linear(2, 3);
    const w0 = lin.weight.arraySync();
    const b0 = lin.bias!.arraySync();
    const weight = tf.ones([3, 2]);
    const bias = tf.zeros([3]);
    bias.dispose();
    const before = tf.memory().numTensors;
    // weight comes first and is fine: with the disposed check inside the copy it was already assigned
    expectTorchError(
      () =>
        lin.loadStateDict(
          new Map([
            ['weight', weight],
            ['bias', bias],
          ]),
        ),
      {
        type: 'RuntimeError',
        message:
          'Error(s) in loading state_dict for Linear:\n\tWhile copying the parameter named "bias", whose ' +
          'dimensions in the model are torch.Size([3]) and whose dimensions in the checkpoint are torch.Size([3]), ' +
          "an exception occurred : ('the checkpoint tensor is disposed',).",
      },
    );
    expect(lin.weight.arraySync()).toEqual(w0);
    expect(lin.bias!.arraySync()).toEqual(b0);
    expect(tf.memory().numTensors).toBe(before);
    // so does an entry that cannot be cast (a string tensor; PyTorch has none, the frame is its copy_ failure's)
    const text = tf.tensor(['a', 'b', 'c']);
    expectTorchError(
      () =>
        lin.loadStateDict(
          new Map<string, tf.Tensor>([
            ['weight', weight],
            ['bias', text],
          ]),
        ),
      {
        type: 'RuntimeError',
        message:
          'Error(s) in loading state_dict for Linear:\n\tWhile copying the parameter named "bias", whose ' +
          'dimensions in the model are torch.Size([3]) and whose dimensions in the checkpoint are torch.Size([3]), ' +
          "an exception occurred : ('cannot cast a string tensor to float32',).",
      },
    );
    expect(lin.weight.arraySync()).toEqual(w0);
    text.dispose();
    weight.dispose();
    lin.dispose();
  });

  it('loadStateDict into a BatchNorm whose num_batches_tracked is None leaks nothing', () => {
    // PyTorch 2.15: load_state_dict(strict=False) of a state_dict without the entry into such a BatchNorm1d adds
    // the default zero, then reports it unexpected (the buffer is None)
    const bn = new nn.BatchNorm1d(3);
    bn.num_batches_tracked = null;
    const sd = new Map([...new nn.BatchNorm1d(3).stateDict()].filter(([k]) => k !== 'num_batches_tracked'));
    const before = tf.memory().numTensors;
    expect(bn.loadStateDict(sd, {strict: false})).toEqual({missingKeys: [], unexpectedKeys: ['num_batches_tracked']});
    expect(tf.memory().numTensors).toBe(before);
    expectTorchError(() => bn.loadStateDict(sd), {
      type: 'RuntimeError',
      message:
        'Error(s) in loading state_dict for BatchNorm1d:\n\tUnexpected key(s) in state_dict: ' +
        '"num_batches_tracked". ',
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...sd.values()]);
    bn.dispose();
  });

  it('dispose frees every parameter and buffer', () => {
    const before = tf.memory().numTensors;
    new Tiny().dispose();
    new nn.BatchNorm2d(3).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('containers', () => {
  it('pooling modules are Modules: Sequential takes them', () => {
    const seq = new nn.Sequential(new nn.MaxPool2d(3, 2), new nn.AdaptiveAvgPool2d(1), new nn.Flatten());
    expect(seq.get(0)).toBeInstanceOf(nn.Module);
    expect(String(seq)).toBe(
      'Sequential(\n  (0): MaxPool2d(kernel_size=3, stride=2, padding=0, dilation=1, ' +
        'ceil_mode=False)\n  (1): AdaptiveAvgPool2d(output_size=1)\n  (2): Flatten(start_dim=1, ' +
        'end_dim=-1)\n)',
    );
    const before = tf.memory().numTensors;
    const y = tf.tidy(() => seq.forward(tf.ones([1, 2, 7, 7])) as tf.Tensor);
    expect(y.shape).toEqual([1, 2]);
    y.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('Sequential from a Map names its children; get, length, append, iteration', () => {
    const seq = new nn.Sequential(
      new Map<string, nn.Module>([
        ['conv', new nn.Conv2d(1, 1, 1)],
        ['act', new nn.ReLU()],
      ]),
    );
    expect([...seq.stateDict().keys()]).toEqual(['conv.weight', 'conv.bias']);
    expect(seq.length).toBe(2);
    expect(seq.get(-1)).toBeInstanceOf(nn.ReLU);
    seq.append(new nn.Identity());
    expect([...seq].length).toBe(3);
    expectTorchError(() => seq.get(3), {type: 'IndexError', message: 'index 3 is out of range'});
    seq.dispose();
  });

  it('ModuleList prints runs of equal children as PyTorch does', () => {
    const list = new nn.ModuleList([
      new nn.Linear(2, 2),
      new nn.Linear(2, 2),
      new nn.Linear(2, 2),
      new nn.ReLU(),
      new nn.Linear(2, 2),
    ]);
    expect(String(list)).toBe(KIT.module_list_repr);
    list.dispose();
  });

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  it.each((KIT.reprs as any[]).map(c => [c.name, c]))('repr: %s', (_, c) => {
    const camel = (s: string) => s.replace(/_([a-z])/g, (__: string, ch: string) => ch.toUpperCase());
    const C = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.cls];
    const kwargs = Object.keys(c.kwargs).length
      ? [Object.fromEntries(Object.entries(c.kwargs).map(([k, v]) => [camel(k), v]))]
      : [];
    const m = new C(...c.args, ...kwargs);
    expect(String(m)).toBe(c.repr);
    m.dispose();
  });
});

describe('fine-tuning: parameters are tf.Variables', () => {
  it("tf.train.sgd updates a loaded model's parameters; frozen ones stay", () => {
    const net = new nn.Sequential(
      new nn.Conv2d(2, 3, 3, {padding: 1}),
      new nn.BatchNorm2d(3),
      new nn.ReLU(),
      new nn.AdaptiveAvgPool2d(1),
      new nn.Flatten(),
      new nn.Linear(3, 2),
    );
    const frozen = net.get(0) as nn.Conv2d;
    frozen.requiresGrad(false);
    const w0 = frozen.weight.arraySync();
    const fc = net.get(5) as nn.Linear;
    const fc0 = fc.weight.arraySync();
    const before = tf.memory().numTensors;
    const opt = tf.train.sgd(0.1);
    const x = tf.randomNormal([4, 2, 5, 5]);
    for (let i = 0; i < 2; i++) {
      opt.minimize(() => tf.mean(tf.square(net.forward(x) as tf.Tensor)) as tf.Scalar);
    }
    x.dispose();
    opt.dispose();
    expect(frozen.weight.arraySync()).toEqual(w0);
    expect(fc.weight.arraySync()).not.toEqual(fc0);
    const bn = net.get(1) as nn.BatchNorm2d;
    expect(bn.num_batches_tracked!.arraySync()).toBe(2);
    expect(tf.memory().numTensors).toBe(before);
    net.dispose();
  });
});

describe('errors are TorchErrors', () => {
  it('ModuleList has no forward', () => {
    const l = new nn.ModuleList();
    expect(() => l.forward()).toThrow(TorchError);
  });
});

export type {KitTensor};

describe('class fields', () => {
  it('a module defined by a class field (ES2022 [[Define]] semantics) registers too', () => {
    class Fielded extends nn.Module {
      forward(x: tf.Tensor): tf.Tensor {
        return x;
      }
    }
    const m = new Fielded();
    Object.defineProperty(m, 'fc', {value: new nn.Linear(2, 1), enumerable: true, configurable: true, writable: true});
    expect([...m.stateDict().keys()]).toEqual(['fc.weight', 'fc.bias']);
    m.dispose();
  });
});
