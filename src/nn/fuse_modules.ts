/**
 * torch.ao.quantization.fuse_modules: replaces named runs of modules (conv, bn / conv, bn, relu / conv, relu) by
 * one fused module and the rest of each run by Identity, as PyTorch's `fuse_known_modules` does. For a port in eval
 * mode this removes every BatchNorm after a convolution (folded into its weights: nn.utils.fuseConvBnEval) and runs
 * a ReLU after a convolution inside tfjs's fused convolution kernel (nn.intrinsic.ConvReLU2d).
 *
 *   torch.ao.quantization.fuse_modules(m, [['conv1', 'bn1', 'relu'], ['layer1.0.conv2', 'layer1.0.bn2']],
 *                                      inplace=True)
 *                  nn.fuseModules(m, [['conv1', 'bn1', 'relu'], ['layer1.0.conv2', 'layer1.0.bn2']], {inplace: true})
 *
 * Only a module that is used once may be fused away: a ReLU module that the forward calls again elsewhere (as
 * torchvision's ResNet reuses `self.relu`) becomes Identity there too, exactly as in PyTorch (torchvision's
 * quantizable ResNet gives each use its own module for that reason).
 */
import {rejectArgumentsAfterOptions, rejectExtraArguments, rejectUnknownKeywords} from '../ops/keyword_args';
import {TorchError, torchCheck} from '../ops/torch_errors';
import {ReLU} from './activation';
import {Identity} from './containers';
import {Conv1d, Conv2d, Conv3d, ConvTranspose2d} from './conv';
import {fuseConvBnEval} from './fusion';
import {isOptions} from './init_args';
import {ConvReLU1d, ConvReLU2d, ConvReLU3d} from './intrinsic';
import {Module} from './module';
import {BatchNorm1d, BatchNorm2d, BatchNorm3d, BatchNormNd} from './norm';

/** The Python module of each kit class PyTorch's messages print as `<class 'torch.nn.modules.conv.Conv2d'>`. */
const TORCH_MODULE_FILES: Record<string, string> = {
  Conv1d: 'conv',
  Conv2d: 'conv',
  Conv3d: 'conv',
  ConvTranspose2d: 'conv',
  BatchNorm1d: 'batchnorm',
  BatchNorm2d: 'batchnorm',
  BatchNorm3d: 'batchnorm',
  LayerNorm: 'normalization',
  GroupNorm: 'normalization',
  ReLU: 'activation',
  ReLU6: 'activation',
  Linear: 'linear',
  Identity: 'linear',
  Sequential: 'container',
  Dropout: 'dropout',
};

function pyClass(m: Module): string {
  const name = m.getName();
  const file = TORCH_MODULE_FILES[name];
  return `<class '${file ? `torch.nn.modules.${file}` : '__main__'}.${name}'>`;
}

const CONV_RELU = new Map<unknown, new (conv: never, relu: never) => Module>([
  [Conv1d, ConvReLU1d],
  [Conv2d, ConvReLU2d],
  [Conv3d, ConvReLU3d],
]);
const BN_OF = new Map<unknown, unknown>([
  [Conv1d, BatchNorm1d],
  [Conv2d, BatchNorm2d],
  [Conv3d, BatchNorm3d],
  [ConvTranspose2d, BatchNorm2d],
]);

function sameMode(mods: Module[], transpose: boolean): void {
  torchCheck(
    mods.every(m => m.training === mods[0].training),
    () => `${transpose ? 'ConvTranspose' : 'Conv'} and BN both must be in the same mode (train or eval).`,
    'AssertionError',
  );
}

/**
 * PyTorch's `fuse_known_modules(mod_list, is_qat=False)`: the fused module, then Identity for each other one. The
 * runs it knows (types compared exactly, as PyTorch's table does): (ConvNd, BatchNormNd), (ConvNd, BatchNormNd, ReLU),
 * (ConvNd, ReLU), (ConvTranspose2d, BatchNorm2d). PyTorch's other runs (Linear with BatchNorm1d or ReLU,
 * BatchNorm with ReLU) are NotImplementedError here.
 */
export function fuseKnownModules(mods: Module[]): Module[] {
  const types = mods.map(m => m.constructor);
  let fused: Module;
  const transpose = types[0] === ConvTranspose2d;
  const bnRun =
    BN_OF.get(types[0]) === types[1] && (mods.length === 2 || (mods.length === 3 && types[2] === ReLU && !transpose));
  if (bnRun) {
    sameMode(mods, transpose);
    const conv = fuseConvBnEval(mods[0] as Conv2d, mods[1] as BatchNormNd, transpose);
    const ConvReLU = CONV_RELU.get(types[0]);
    fused = mods.length === 3 && ConvReLU ? withFormat(new ConvReLU(conv as never, mods[2] as never), conv) : conv;
  } else if (mods.length === 2 && CONV_RELU.has(types[0]) && types[1] === ReLU) {
    const ConvReLU = CONV_RELU.get(types[0]) as new (conv: never, relu: never) => Module;
    fused = withFormat(new ConvReLU(mods[0] as never, mods[1] as never), mods[0]);
  } else {
    throw unknownRun(mods);
  }
  const rest = mods.slice(1).map(() => withFormat(new Identity(), mods[0]));
  return [fused, ...rest];
}

function unknownRun(mods: Module[]): TorchError {
  const names = mods.map(m => m.getName());
  const known = ['Linear,BatchNorm1d', 'Linear,ReLU', 'BatchNorm2d,ReLU', 'BatchNorm3d,ReLU'];
  if (known.includes(names.join(','))) {
    return new TorchError('NotImplementedError', `fuse_modules: fusing (${names.join(', ')}) is not supported yet`);
  }
  return new TorchError(
    'AssertionError',
    `did not find fuser method for: (${mods.map(pyClass).join(', ')}${mods.length === 1 ? ',' : ''}) `,
  );
}

/** A module made by the fusion takes the mode and memory format of the module it replaces. */
function withFormat<M extends Module>(m: M, like: Module): M {
  m.training = like.training;
  for (const child of m.modules()) child.memoryFormat = like.memoryFormat;
  return m;
}

/** PyTorch's `_get_module`: `model.a.b.c` for 'a.b.c', or its AttributeError. */
function getModule(model: Module, key: string): Module {
  let cur: Module = model;
  for (const token of key.split('.')) {
    const next = (cur as unknown as Record<string, unknown>)[token];
    torchCheck(
      next instanceof Module,
      () => `'${cur.getName()}' object has no attribute '${token}'`,
      next === undefined ? 'AttributeError' : 'TypeError',
    );
    cur = next as Module;
  }
  return cur;
}

/** PyTorch's `_set_module`: `setattr` on the parent, which keeps the child's place among the parent's children. */
function setModule(model: Module, key: string, module: Module): void {
  const tokens = key.split('.');
  const parent = tokens.length === 1 ? model : getModule(model, tokens.slice(0, -1).join('.'));
  (parent as unknown as Record<string, unknown>)[tokens[tokens.length - 1]] = module;
}

/**
 * PyTorch's `torch.ao.quantization.fuse_modules(model, modules_to_fuse, inplace=False)`: each run of names in
 * `modulesToFuse` (a list of dotted-name lists, or one list of names) is replaced by fuseKnownModules' result: the
 * first name by the fused module (a convolution with the BatchNorm folded in, or an nn.intrinsic.ConvReLU1d/2d/3d),
 * the others by nn.Identity. Returns the model.
 *
 * `{inplace: true}` is required: PyTorch's default, `inplace=False`, fuses a `copy.deepcopy` of the model, which a
 * JavaScript module cannot make (NotImplementedError). The modules fused away (the original convolution and
 * BatchNorm) are disposed, their tensors freed, unless the model still holds them under another name.
 *
 * Eval only where a BatchNorm is folded, as PyTorch (its AssertionError "Fusion only for eval!"; conv, bn and relu
 * in different modes: "Conv and BN both must be in the same mode (train or eval)."); a (conv, relu) run fuses in
 * either mode, and trains: the fused module's gradients are the convolution's followed by ReLU's. Fuse after
 * `loadStateDict` (the fused model's state_dict has the fused names: `conv1.0.weight` for a ConvReLU2d, no bn1),
 * and before or after `to({memoryFormat})` (the new modules take the replaced one's format).
 */
export function fuseModules<M extends Module>(
  model: M,
  modulesToFuse: ReadonlyArray<string> | ReadonlyArray<ReadonlyArray<string>>,
  options?: {inplace?: boolean},
): M;
export function fuseModules<M extends Module>(
  model: M,
  modulesToFuse: ReadonlyArray<string> | ReadonlyArray<ReadonlyArray<string>>,
  inplace?: boolean,
): M;
export function fuseModules<M extends Module>(
  model: M,
  modulesToFuse: ReadonlyArray<string> | ReadonlyArray<ReadonlyArray<string>>,
  ...rest: unknown[]
): M {
  // (model, modulesToFuse, {inplace}) or (model, modulesToFuse, inplace): PyTorch's own arguments after inplace
  // (fuser_func, fuse_custom_config_dict) are not taken
  const [first, ...after] = rest;
  let inplace: unknown;
  if (isOptions(first)) {
    rejectUnknownKeywords('fuse_modules', first, ['inplace']);
    rejectArgumentsAfterOptions(after);
    inplace = first.inplace ?? false;
  } else {
    rejectExtraArguments('fuse_modules', after, 2, 3);
    inplace = first ?? false;
  }
  torchCheck(model instanceof Module, () => 'fuse_modules: model must be an nn.Module', 'TypeError');
  torchCheck(
    inplace === true,
    () =>
      'fuse_modules(inplace=False) fuses a copy.deepcopy of the model, which a JavaScript module cannot make: ' +
      'pass {inplace: true} to fuse the model itself',
    'NotImplementedError',
  );
  const runs = (modulesToFuse as ReadonlyArray<unknown>).every(k => typeof k === 'string')
    ? [modulesToFuse as ReadonlyArray<string>]
    : (modulesToFuse as ReadonlyArray<ReadonlyArray<string>>);
  for (const run of runs) {
    const mods = run.map(key => getModule(model, key));
    const fused = fuseKnownModules(mods);
    run.forEach((key, i) => setModule(model, key, fused[i]));
    // the replaced modules: freed unless the model still reaches them (or the fused module wraps them: ReLU)
    const kept = new Set(model.modules());
    for (const m of mods) if (!kept.has(m)) m.dispose();
  }
  return model;
}
