/**
 * torch.nn's containers (Sequential, ModuleList, ModuleDict) and shape modules (Identity, Flatten, Unflatten).
 * Children are named as PyTorch names them ('0', '1', ... or the dict's keys), so state_dict keys match.
 *
 *   nn.Sequential(nn.Conv2d(3, 8, 3), nn.ReLU())      new nn.Sequential(new nn.Conv2d(3, 8, 3), new nn.ReLU())
 *   nn.Sequential(OrderedDict(conv=...))              new nn.Sequential(new Map([['conv', ...]]))
 */
import * as tf from '@tensorflow/tfjs-core';
import {TensorInput, toTensor} from '../ops/input';
import {rejectExtraArguments, rejectUnknownKeywords} from '../ops/keyword_args';
import {torchCheck, wrapDim} from '../ops/torch_errors';
import {initArgs, isPlainObject} from './init_args';
import {inputFormat, toChannelsLast, toContiguous, viaContiguous} from './memory_format';
import {Module, addIndent} from './module';
import {pyRepr} from './repr';

/** Calls a module whose forward's signature is not known here. */
function call(module: Module, ...inputs: unknown[]): unknown {
  return (module.forward as (...a: unknown[]) => unknown)(...inputs);
}

/** PyTorch's `_get_abs_string_index`: a list index in [-n, n), wrapped, or PyTorch's IndexError. */
function absIndex(index: number, length: number): number {
  torchCheck(
    Number.isInteger(index) && index >= -length && index < length,
    () => `index ${index} is out of range`,
    'IndexError',
  );
  return index < 0 ? index + length : index;
}

/** Sequential's and ModuleList's children '0', '1', ...: `length`, `get(i)`, `append`, iteration. */
abstract class IndexedModules extends Module {
  get length(): number {
    return this._modules.size;
  }

  /** The child at `index` (negative counts from the end). */
  get(index: number): Module {
    return [...this._modules.values()][absIndex(index, this.length)] as Module;
  }

  /** Appends `module` under the next index; returns this. */
  append(module: Module): this {
    this.addModule(String(this.length), module);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return ([...this._modules.values()] as Module[])[Symbol.iterator]();
  }
}

/**
 * torch.nn.Sequential(*modules) or Sequential(OrderedDict): runs its children in order, each on the previous one's
 * output. `get(i)` (or `seq[i]`) returns the i-th child; `length`, `append`, and iteration as PyTorch's.
 */
export class Sequential extends IndexedModules {
  static readonly torchName: string = 'Sequential';

  constructor(...modules: Module[] | [Map<string, Module>]) {
    super();
    // a plain object stands for keyword arguments, of which Sequential takes none (a non-Module otherwise is
    // addModule's "int is not a Module subclass", as PyTorch's)
    const [first] = modules as unknown[];
    if (isPlainObject(first)) rejectUnknownKeywords('Sequential.__init__', first, []);
    if (modules.length === 1 && modules[0] instanceof Map) {
      for (const [name, m] of modules[0]) this.addModule(name, m);
    } else {
      (modules as Module[]).forEach((m, i) => this.addModule(String(i), m));
    }
  }

  /** Runs the children in order inside one tf.tidy, so the intermediate outputs are freed. */
  forward(input: unknown): unknown {
    return tf.tidy(() => {
      let x = input;
      for (const m of this._modules.values()) if (m !== null) x = call(m, x);
      return x as tf.TensorContainer;
    });
  }
}

/** torch.nn.ModuleList(modules): children '0', '1', ... with no forward of its own; its repr compresses repeats. */
export class ModuleList extends IndexedModules {
  static readonly torchName = 'ModuleList';

  constructor(modules?: Iterable<Module> | {modules?: Iterable<Module>});
  constructor(...rest: unknown[]) {
    super();
    // a plain object holds keyword arguments; any other value (an array, a Set) is `modules`
    let modules = rest[0] as Iterable<Module> | undefined;
    if (isPlainObject(rest[0])) {
      modules = initArgs<{modules?: Iterable<Module>}>('ModuleList.__init__', 0, rest, ['modules']).modules;
    } else {
      rejectExtraArguments('ModuleList.__init__', rest.slice(1), 1, 2);
    }
    for (const m of modules ?? []) this.append(m);
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  forward(): never {
    return torchCheck(
      false,
      () => 'Module [ModuleList] is missing the required "forward" function',
      'NotImplementedError',
    ) as never;
  }

  /** ModuleList's `__repr__`: runs of equal children print once as `(0-2): 3 x Linear(...)`. */
  toString(): string {
    const reprs = [...this._modules.values()].map(m => String(m));
    if (reprs.length === 0) return `${this.getName()}()`;
    const lines: string[] = [];
    for (let start = 0; start < reprs.length;) {
      let end = start;
      while (end + 1 < reprs.length && reprs[end + 1] === reprs[start]) end++;
      const text =
        start === end ? `(${start}): ${reprs[start]}` : `(${start}-${end}): ${end - start + 1} x ${reprs[start]}`;
      lines.push(addIndent(text, 2));
      start = end + 1;
    }
    return `${this.getName()}(\n  ${lines.join('\n  ')}\n)`;
  }
}

/** torch.nn.ModuleDict(modules): children named by the keys, in insertion order; no forward of its own. */
export class ModuleDict extends Module {
  static readonly torchName = 'ModuleDict';

  constructor(modules?: Map<string, Module> | Record<string, Module>);
  constructor(modules: Map<string, Module> | Record<string, Module> = {}, ...extra: unknown[]) {
    super();
    // the plain object is the mapping itself (PyTorch's dict), so only the count is checked here
    rejectExtraArguments('ModuleDict.__init__', extra, 1, 2);
    const entries = modules instanceof Map ? modules : Object.entries(modules);
    for (const [name, m] of entries) this.addModule(name, m);
  }

  get length(): number {
    return this._modules.size;
  }

  get(key: string): Module {
    torchCheck(this._modules.has(key), () => `'${key}'`, 'KeyError');
    return this._modules.get(key) as Module;
  }

  set(key: string, module: Module): this {
    this.addModule(key, module);
    return this;
  }

  has(key: string): boolean {
    return this._modules.has(key);
  }

  /** Removes the child `key` and returns it (PyTorch's `pop`). */
  pop(key: string): Module {
    const m = this.get(key);
    this._modules.delete(key);
    return m;
  }

  keys(): string[] {
    return [...this._modules.keys()];
  }

  values(): Module[] {
    return [...this._modules.values()] as Module[];
  }

  items(): Array<[string, Module]> {
    return [...this._modules] as Array<[string, Module]>;
  }

  forward(): never {
    return torchCheck(
      false,
      () => 'Module [ModuleDict] is missing the required "forward" function',
      'NotImplementedError',
    ) as never;
  }
}

/** torch.nn.Identity(): returns its input (the tensor itself, as PyTorch does). */
export class Identity extends Module {
  static readonly torchName = 'Identity';

  /** PyTorch's Identity takes and ignores any arguments ("argument-insensitive"), so these are not checked. */
  constructor(..._args: unknown[]) {
    super();
  }

  forward<T>(input: T): T {
    return input;
  }
}

/** torch.nn.Flatten(start_dim=1, end_dim=-1): torch.flatten over dims [startDim, endDim]. */
export class Flatten extends Module {
  static readonly torchName = 'Flatten';

  readonly startDim: number;
  readonly endDim: number;

  constructor(options?: {startDim?: number; endDim?: number});
  constructor(startDim?: number, endDim?: number);
  constructor(...rest: unknown[]) {
    super();
    const o = initArgs<{startDim?: number; endDim?: number}>('Flatten.__init__', 0, rest, ['startDim', 'endDim']);
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
  }

  forward(input: TensorInput): tf.Tensor {
    // torch.flatten reads the logical NCHW order: a channels-last 4-D input goes back to it first (a reshape when
    // its plane is 1×1, as after a global pool)
    return viaContiguous(inputFormat(this), [toTensor(input, 'flatten')], x =>
      flattenDims(x as tf.Tensor, this.startDim, this.endDim),
    );
  }

  extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/** torch.flatten(x, start, end) on a tensor in PyTorch's logical order. */
export function flattenDims(x: tf.Tensor, startDim: number, endDim: number): tf.Tensor {
  const rank = Math.max(x.rank, 1);
  const start = wrapDim(startDim, x.rank);
  const end = wrapDim(endDim, x.rank);
  torchCheck(start <= end, () => 'flatten() has invalid args: start_dim cannot come after end_dim');
  if (x.rank === 0) return tf.reshape(x, [1]);
  const shape = x.shape
    .slice(0, start)
    .concat([x.shape.slice(start, end + 1).reduce((a, b) => a * b, 1)], x.shape.slice(end + 1, rank));
  return tf.reshape(x, shape);
}

/** torch.nn.Unflatten(dim, unflattened_size): splits dim `dim` into `unflattenedSize` (one entry may be -1). */
export class Unflatten extends Module {
  static readonly torchName = 'Unflatten';

  readonly unflattenedSize: number[];

  constructor(
    readonly dim: number,
    unflattenedSize: readonly number[],
    ...rest: unknown[]
  ) {
    super();
    initArgs('Unflatten.__init__', 2, rest, []);
    this.unflattenedSize = [...unflattenedSize];
  }

  forward(input: TensorInput): tf.Tensor {
    // the dim is logical: a channels-last 4-D input goes back to NCHW, a 4-D result is stored NHWC
    const format = inputFormat(this);
    return tf.tidy(() => {
      const stored = toTensor(input, 'unflatten');
      const x = format === 'channelsLast' ? toContiguous(stored) : stored;
      const y = this.unflatten(x);
      return format === 'channelsLast' ? toChannelsLast(y) : y;
    });
  }

  private unflatten(x: tf.Tensor): tf.Tensor {
    const d = wrapDim(this.dim, x.rank);
    const sizes = this.unflattenedSize;
    const known = sizes.filter(s => s !== -1).reduce((a, b) => a * b, 1);
    const inferred = sizes.map(s => (s === -1 ? x.shape[d] / known : s));
    torchCheck(
      inferred.every(Number.isInteger) && inferred.reduce((a, b) => a * b, 1) === x.shape[d],
      () =>
        `unflatten: Provided sizes ${pyRepr(sizes).replace(/^\(/, '[').replace(/,?\)$/, ']')} ` +
        `don't multiply up to the size of dim ${this.dim} (${x.shape[d]}) in the input tensor`,
    );
    return tf.reshape(x, [...x.shape.slice(0, d), ...inferred, ...x.shape.slice(d + 1)]);
  }

  extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=${pyRepr(this.unflattenedSize)}`;
  }
}
