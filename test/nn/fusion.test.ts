/**
 * The kit's fusion API against PyTorch (test/fixtures/kit/fusion.json, from test/fixtures/fusion.py):
 * nn.utils.fuseConvBnEval (torch.nn.utils.fusion.fuse_conv_bn_eval), nn.fuseModules
 * (torch.ao.quantization.fuse_modules) and nn.intrinsic.ConvReLU2d, on every Node backend: the fused weights, repr,
 * state_dict keys and outputs within the kit's bound, PyTorch's errors, gradients through a fused module, and no
 * tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';
import * as fs from 'fs';
import * as path from 'path';
import {nn} from '../../src';
import {describeIfAvailable, IN_CI, nodeBackendProblem} from '../support/availability';
import {startBackend} from '../support/node_backends';
import {KitTensor, build, kitTensor, stateDictOf, within} from './kit_cases';
import {expectTorchError} from './kit_parity';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FUSION: any = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'kit', 'fusion.json'), 'utf8'));

/** A module built from a fixture spec with PyTorch's state_dict loaded, in eval mode. */
function loaded(spec: {cls: string; args: unknown[]; kwargs: Record<string, unknown>}, sd: Record<string, KitTensor>) {
  const m = build(spec.cls, spec.args, spec.kwargs);
  const dict = stateDictOf(sd);
  m.loadStateDict(dict);
  dict.forEach(t => t.dispose());
  return m.eval();
}

/** The fixture's Sequential of named children, PyTorch's state_dict loaded, in eval mode. */
function fixtureSequential(): nn.Sequential {
  const fm = FUSION.fuse_modules;
  const m = new nn.Sequential(
    new Map(
      (fm.children as Array<[string, string, unknown[], Record<string, unknown>]>).map(([name, cls, args, kwargs]) => [
        name,
        build(cls, args, kwargs),
      ]),
    ),
  );
  const dict = stateDictOf(fm.state_dict);
  m.loadStateDict(dict);
  dict.forEach(t => t.dispose());
  return m.eval();
}

async function expectWithin(what: string, actual: tf.Tensor, expected: KitTensor, err32: number): Promise<void> {
  expect(await within(what, actual, expected, err32, tf.getBackend())).toBeNull();
}

for (const backend of ['cpu', 'wasm', 'tensorflow']) {
  describeIfAvailable(`nn fusion against PyTorch on ${backend}`, nodeBackendProblem(backend), () => {
    beforeAll(async () => {
      const problem = await startBackend(backend);
      if (problem !== null) throw new Error(`backend ${backend} cannot start${IN_CI ? ' in CI' : ''}: ${problem}`);
    });

    it('fixture is PyTorch 2.15', () => {
      expect(FUSION.torch).toMatch(/^2\.15\.0/);
      expect(FUSION.conv_bn.length).toBeGreaterThanOrEqual(7);
    });

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    it.each(FUSION.conv_bn.map((c: any) => [c.name, c]) as Array<[string, any]>)('fuseConvBnEval: %s', async (_, c) => {
      const before = tf.memory().numTensors;
      const conv = loaded(c.conv, c.conv_state_dict) as nn.ConvNd;
      const bn = loaded(c.bn, c.bn_state_dict) as nn.BatchNormNd;
      const convBefore = conv.weight.arraySync();
      const fused = nn.utils.fuseConvBnEval(conv, bn, c.transpose);
      expect(fused).not.toBe(conv);
      expect(fused.getName()).toBe(conv.getName());
      expect(String(fused)).toBe(c.fused_repr);
      expect([...fused.stateDict().keys()]).toEqual(Object.keys(c.fused_state_dict));
      await expectWithin('weight', fused.weight, c.fused_state_dict.weight, c.err32.weight);
      await expectWithin('bias', fused.bias as tf.Tensor, c.fused_state_dict.bias, c.err32.bias);
      // PyTorch's requires_grad: the weight's as the conv's; the bias false where the conv had none
      expect({weight: fused.weight.trainable, bias: (fused.bias as tf.Variable).trainable}).toEqual(
        c.fused_requires_grad,
      );
      const x = kitTensor(c.input);
      const y = fused.forward(x);
      await expectWithin('output', y, c.output, c.err32.output);
      // the originals are untouched and still run: conv then bn equals the fused convolution
      expect(conv.weight.arraySync()).toEqual(convBefore);
      const unfused = tf.tidy(() => bn.forward(conv.forward(x)));
      await expectWithin('unfused output', unfused, c.unfused_output, c.err32.output);
      // fuseModules on the two as a Sequential: the same fused convolution (transposed for ConvTranspose2d)
      const seq = new nn.Sequential(conv, bn);
      nn.fuseModules(seq, ['0', '1'], {inplace: true});
      expect(String(seq.get(0))).toBe(c.fused_repr);
      expect(seq.get(1)).toBeInstanceOf(nn.Identity);
      const ySeq = seq.forward(x) as tf.Tensor;
      await expectWithin('fuseModules output', ySeq, c.output, c.err32.output);
      tf.dispose([x, y, unfused, ySeq]);
      fused.dispose();
      seq.dispose(); // the fused convolution; conv and bn were disposed by fuseModules
      expect([conv.weight, bn.running_mean]).toEqual([null, null]); // what dispose() leaves
      expect(tf.memory().numTensors).toBe(before);
    });

    for (const format of ['contiguous', 'channelsLast'] as const) {
      it(`fuseModules (conv, bn, relu), (conv, relu), (conv, bn), ${format}: PyTorch's repr, keys and output`, async () => {
        const fm = FUSION.fuse_modules;
        const before = tf.memory().numTensors;
        const m = fixtureSequential().to({memoryFormat: format});
        const x = kitTensor(fm.input);
        const unfused = m.forward(x) as tf.Tensor;
        await expectWithin('unfused output', unfused, fm.unfused_output, fm.err32.output);
        expect(nn.fuseModules(m, fm.runs, {inplace: true})).toBe(m);
        expect(String(m)).toBe(fm.fused_repr);
        expect([...m.stateDict().keys()]).toEqual(fm.fused_state_dict_keys);
        expect(m.get(0)).toBeInstanceOf(nn.intrinsic.ConvReLU2d);
        const y = m.forward(x) as tf.Tensor;
        await expectWithin('fused output', y, fm.output, fm.err32.output);
        tf.dispose([x, unfused, y]);
        m.dispose();
        // the fused-away convolutions and BatchNorms were freed by fuseModules, the fused ones by dispose
        expect(tf.memory().numTensors).toBe(before);
      });
    }

    it('fuseModules before to({memoryFormat}) gives the same output as after', async () => {
      const fm = FUSION.fuse_modules;
      const before = tf.memory().numTensors;
      const m = nn.fuseModules(fixtureSequential(), fm.runs, {inplace: true}).to({memoryFormat: 'channelsLast'});
      const x = kitTensor(fm.input);
      const y = m.forward(x) as tf.Tensor;
      await expectWithin('fused output', y, fm.output, fm.err32.output);
      tf.dispose([x, y]);
      m.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    it('ConvReLU2d trains: its gradients are the convolution then ReLU', () => {
      const before = tf.memory().numTensors;
      const conv = new nn.Conv2d(3, 4, 3, {padding: 1});
      const fused = new nn.intrinsic.ConvReLU2d(conv, new nn.ReLU()); // training mode, as PyTorch's fuse of (conv, relu)
      const x = tf.tidy(() => tf.sin(tf.range(0, 2 * 3 * 5 * 5).reshape([2, 3, 5, 5])));
      const loss = (f: () => tf.Tensor) => () =>
        tf.sum(tf.mul(f(), tf.cos(tf.range(0, 2 * 4 * 5 * 5).reshape([2, 4, 5, 5]))));
      const a = tf.variableGrads(loss(() => fused.forward(x)) as () => tf.Scalar);
      const b = tf.variableGrads(loss(() => tf.relu(conv.forward(x))) as () => tf.Scalar);
      expect(Object.keys(a.grads).sort()).toEqual([conv.weight.name, (conv.bias as tf.Variable).name].sort());
      for (const k of Object.keys(b.grads)) {
        expect(a.grads[k].arraySync()).toEqual(b.grads[k].arraySync());
      }
      expect(a.value.arraySync()).toEqual(b.value.arraySync());
      tf.dispose([x, a.value, b.value, ...Object.values(a.grads), ...Object.values(b.grads)]);
      fused.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });

    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    it.each(FUSION.errors.map((c: any) => [c.name, c]) as Array<[string, any]>)('error: %s', (_, c) => {
      if (c.call === 'ConvReLU2d') {
        const conv = new nn.Conv1d(3, 4, 3);
        const relu = new nn.ReLU();
        expectTorchError(() => new nn.intrinsic.ConvReLU2d(conv as unknown as nn.Conv2d, relu), c.error);
        conv.dispose();
        return;
      }
      const conv = (c.conv === 'ConvTranspose2d' ? new nn.ConvTranspose2d(3, 4, 3) : new nn.Conv2d(3, 4, 3)).train(
        c.train[0],
      );
      const bn = new nn.BatchNorm2d(4, {trackRunningStats: c.bn_kwargs.track_running_stats ?? true}).train(c.train[1]);
      if (c.call === 'fuseConvBnEval') {
        expectTorchError(() => nn.utils.fuseConvBnEval(conv, bn), c.error);
        conv.dispose();
        bn.dispose();
        return;
      }
      const m = new nn.Sequential(
        new Map<string, nn.Module>([
          ['conv', conv],
          ['bn', bn],
          ['relu', new nn.ReLU()],
        ]),
      );
      const repr = String(m);
      expectTorchError(() => nn.fuseModules(m, c.runs, {inplace: true}), c.error);
      expect(String(m)).toBe(repr); // nothing fused
      m.dispose();
    });

    it("fuseModules without inplace (PyTorch's deep copy) is NotImplementedError, and changes nothing", () => {
      const m = fixtureSequential();
      const repr = String(m);
      const before = tf.memory().numTensors;
      for (const call of [
        () => nn.fuseModules(m, FUSION.fuse_modules.runs),
        () => nn.fuseModules(m, FUSION.fuse_modules.runs, false),
      ]) {
        expect(call).toThrow(/fuse_modules\(inplace=False\) fuses a copy\.deepcopy of the model/);
      }
      expect(tf.memory().numTensors).toBe(before);
      expect(String(m)).toBe(repr);
      m.dispose();
    });
  });
}
