/**
 * nn.Module: torch.nn.Module's tree of named parameters, buffers and child modules, with PyTorch's state_dict names
 * and order, its load_state_dict checks and messages, train/eval, and its repr.
 *
 * Assigning to `this.name` registers what is assigned, as PyTorch's `__setattr__` does: a Module becomes a child, a
 * tf.Variable a parameter (in assignment order). The base constructor returns a Proxy that does this, so a port's
 * constructor reads like torchvision's:
 *
 *   class Net extends nn.Module {                      class Net(nn.Module):
 *     conv: nn.Conv2d; fc: nn.Linear;                    def __init__(self):
 *     constructor() {                                        super().__init__()
 *       super();                                             self.conv = nn.Conv2d(3, 8, 3)
 *       this.conv = new nn.Conv2d(3, 8, 3);                  self.fc = nn.Linear(8, 2)
 *       this.fc = new nn.Linear(8, 2);
 *     }
 *   }
 *   new Net().stateDict().keys()  // conv.weight, conv.bias, fc.weight, fc.bias
 *
 * Parameters are tf.Variables (so tf.train optimizers and tf.variableGrads see them); buffers are plain tensors,
 * replaced (the old one disposed) when assigned. A module owns its tensors: `dispose()` frees them all.
 */
import * as tf from '@tensorflow/tfjs-core';
import {pyTypeName} from '../ops/int_args';
import {torchCheck} from '../ops/torch_errors';
import {torchSize} from './repr';
import {
  MEMORY_FORMATS,
  MemoryFormat,
  mapTensors,
  runInMemoryFormat,
  runningMemoryFormat,
  toChannelsLast,
  toContiguous,
} from './memory_format';

/** A state_dict: PyTorch's OrderedDict of names to tensors, as a Map (insertion order) or a plain object. */
export type StateDict = Map<string, tf.Tensor> | Record<string, tf.Tensor>;

/** load_state_dict's result (PyTorch's `_IncompatibleKeys`). */
export interface IncompatibleKeys {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** The forwards `to` installed on instances (a boundary's): the ones a later `to` replaces. */
const INSTALLED = new WeakSet<object>();

/** Python's type name of a value, for the TypeErrors of `__setattr__`. */
function typeName(value: unknown): string {
  if (value instanceof tf.Tensor) return value.dtype === 'float32' ? 'torch.FloatTensor' : 'torch.LongTensor';
  if (value instanceof Module) return value.getName();
  if (value === null || value === undefined) return 'NoneType';
  return pyTypeName(value); // bool, str, dict, ... as Python prints them
}

/** torch/nn/modules/module.py `_addindent`: indent every line but the first. */
export function addIndent(text: string, spaces: number): string {
  const lines = text.split('\n');
  if (lines.length === 1) return text;
  const pad = ' '.repeat(spaces);
  return [lines[0], ...lines.slice(1).map(l => pad + l)].join('\n');
}

/**
 * torch.nn.Module: the base class of every layer and of a port's own modules. Subclass it, call `super()`, assign
 * children and parameters to `this`, and write `forward`:
 *
 * - `this.name = module` registers a child, `this.name = tf.variable(...)` a parameter (PyTorch's `__setattr__`;
 *   a reassigned name keeps its place; the replaced tensor or module stays the caller's to dispose), `null` keeps
 *   the name registered as None; `registerBuffer` adds a buffer.
 * - `stateDict()` / `loadStateDict(dict, {strict})`: PyTorch's names, order, results and error texts.
 * - `train()` / `eval()` (modules start in training mode, as PyTorch's: call `eval()` before inference).
 * - `namedParameters()`, `namedBuffers()`, `namedModules()`, `children()`, `modules()`, `parameters()`.
 * - `toString()`: PyTorch's `print(model)`; `dispose()` frees every tensor the tree owns.
 *
 * `apply(...)` runs `forward` inside tf.tidy; a forward that calls other modules' `forward` should do the same
 * (tf.tidy) so its intermediate tensors are freed.
 */
export abstract class Module {
  /** True in training mode (the default), false after `eval()`. */
  training!: boolean;
  /**
   * The memory format of the 4-D tensors this module receives and returns inside its model: 'contiguous' (NCHW,
   * the default) or 'channelsLast' (stored NHWC), set by `to({memoryFormat})`.
   */
  memoryFormat!: MemoryFormat;
  /** Own parameters in registration order (null: registered as None). */
  protected readonly _parameters!: Map<string, tf.Variable | null>;
  /** Own buffers in registration order (null: registered as None). */
  protected readonly _buffers!: Map<string, tf.Tensor | null>;
  protected readonly _nonPersistentBuffers!: Set<string>;
  /** Children in registration order (null: registered as None). */
  protected readonly _modules!: Map<string, Module | null>;

  constructor() {
    const hidden = (name: string, value: unknown) =>
      Object.defineProperty(this, name, {value, enumerable: false, writable: false});
    hidden('_parameters', new Map());
    hidden('_buffers', new Map());
    hidden('_nonPersistentBuffers', new Set());
    hidden('_modules', new Map());
    Object.defineProperty(this, 'memoryFormat', {value: 'contiguous', enumerable: false, writable: true});
    this.training = true;
    // The subclass constructor runs on what this constructor returns: every `this.x = ...` goes through `set`.
    return new Proxy(this, {
      get: (target, prop, receiver) => {
        if (typeof prop === 'string') {
          if (target._parameters.has(prop)) return target._parameters.get(prop);
          if (target._buffers.has(prop)) return target._buffers.get(prop);
          if (target._modules.has(prop)) return target._modules.get(prop);
        }
        return Reflect.get(target, prop, receiver);
      },
      set: (target, prop, value, receiver) => {
        if (typeof prop !== 'string' || !target.setAttribute(prop, value)) {
          return Reflect.set(target, prop, value, receiver);
        }
        return true;
      },
      // class fields (`fc = new nn.Linear(2, 1);` under ES2022 semantics) are defined, not set: register them too
      defineProperty: (target, prop, descriptor) => {
        if (typeof prop === 'string' && 'value' in descriptor && target.setAttribute(prop, descriptor.value)) {
          return true;
        }
        return Reflect.defineProperty(target, prop, descriptor);
      },
      has: (target, prop) =>
        (typeof prop === 'string' &&
          (target._parameters.has(prop) || target._buffers.has(prop) || target._modules.has(prop))) ||
        Reflect.has(target, prop),
    });
  }

  /**
   * PyTorch's `__setattr__`: registers a Module or a tf.Variable; updates a registered parameter, buffer or child.
   * Returns false when `name` is an ordinary attribute.
   */
  private setAttribute(name: string, value: unknown): boolean {
    if (value instanceof tf.Variable) {
      this.removeAttribute(name, 'parameter');
      this.registerParameter(name, value);
      return true;
    }
    if (this._parameters.has(name)) {
      torchCheck(
        value === null,
        () => `cannot assign '${typeName(value)}' as parameter '${name}' ` + '(torch.nn.Parameter or None expected)',
        'TypeError',
      );
      this._parameters.set(name, null);
      return true;
    }
    if (value instanceof Module) {
      this.removeAttribute(name, 'module');
      this._modules.set(name, value);
      return true;
    }
    if (this._modules.has(name)) {
      torchCheck(
        value === null,
        () => `cannot assign '${typeName(value)}' as child module '${name}' ` + '(torch.nn.Module or None expected)',
        'TypeError',
      );
      this._modules.set(name, null);
      return true;
    }
    if (this._buffers.has(name)) {
      torchCheck(
        value === null || value instanceof tf.Tensor,
        () => `cannot assign '${typeName(value)}' as buffer '${name}' (torch.Tensor or None expected)`,
        'TypeError',
      );
      this.replaceBuffer(name, value as tf.Tensor | null);
      return true;
    }
    return false;
  }

  /**
   * PyTorch's `remove_from(self.__dict__, ...)` before a registration: `name` leaves every other kind of attribute,
   * but keeps its place among its own kind (a reassigned child stays where it was).
   */
  private removeAttribute(name: string, keep: 'parameter' | 'module'): void {
    delete (this as Record<string, unknown>)[name];
    if (keep !== 'parameter') this._parameters.delete(name);
    if (keep !== 'module') this._modules.delete(name);
    const old = this._buffers.get(name);
    if (old) old.dispose();
    this._buffers.delete(name);
    this._nonPersistentBuffers.delete(name);
  }

  /**
   * Sets a buffer's value: a buffer held as a tf.Variable (BatchNorm's running statistics) is assigned in place, so a
   * `stateDict()` taken earlier sees the new value; any other is replaced and the old tensor disposed.
   */
  protected assignBuffer(name: string, value: tf.Tensor): void {
    const old = this._buffers.get(name);
    if (old instanceof tf.Variable && !old.isDisposed) old.assign(value);
    else this.replaceBuffer(name, tf.keep(value));
  }

  private replaceBuffer(name: string, value: tf.Tensor | null): void {
    const old = this._buffers.get(name);
    if (old && old !== value) old.dispose();
    this._buffers.set(name, value);
  }

  /** register_parameter / register_buffer / add_module's checks on `name`, in PyTorch's order and words. */
  private checkName(name: unknown, kind: string, what: string): void {
    torchCheck(typeof name === 'string', () => `${kind} name should be a string. Got ${typeName(name)}`, 'TypeError');
    const n = name as string;
    const exists = () =>
      torchCheck(!(n in this) || this.registered(n, what), () => `attribute '${n}' already exists`, 'KeyError');
    // add_module checks an existing attribute first and names a dotted name; register_parameter/_buffer do neither
    if (kind === 'module') exists();
    torchCheck(
      !n.includes('.'),
      () => `${kind} name can't contain "."${kind === 'module' ? `, got: ${n}` : ''}`,
      'KeyError',
    );
    torchCheck(n !== '', () => `${kind} name can't be empty string ""`, 'KeyError');
    if (kind !== 'module') exists();
  }

  private registered(name: string, what: string): boolean {
    const maps: Record<string, Map<string, unknown>> = {
      parameter: this._parameters,
      buffer: this._buffers,
      module: this._modules,
    };
    const map = maps[what];
    return map.has(name);
  }

  /**
   * PyTorch's `register_parameter(name, param)`: adds a parameter (a tf.Variable, or null for an absent one, as
   * `bias=False` registers None). Assigning a tf.Variable to `this.name` does the same.
   */
  registerParameter(name: string, param: tf.Variable | null): void {
    this.checkName(name, 'parameter', 'parameter');
    torchCheck(
      param === null || param instanceof tf.Variable,
      () =>
        `cannot assign '${typeName(param)}' object to parameter '${name}' ` + '(torch.nn.Parameter or None required)',
      'TypeError',
    );
    this._parameters.set(name, param);
  }

  /**
   * PyTorch's `register_buffer(name, tensor, persistent=True)`: a tensor that is state but not a parameter
   * (BatchNorm's running statistics). A non-persistent buffer is left out of the state_dict.
   */
  registerBuffer(name: string, tensor: tf.Tensor | null, persistent = true): void {
    this.checkName(name, 'buffer', 'buffer');
    torchCheck(
      tensor === null || tensor instanceof tf.Tensor,
      () => `cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`,
      'TypeError',
    );
    this.replaceBuffer(name, tensor);
    if (persistent) this._nonPersistentBuffers.delete(name);
    else this._nonPersistentBuffers.add(name);
  }

  /** PyTorch's `add_module(name, module)` (and `register_module`): adds a child, or null for an absent one. */
  addModule(name: string, module: Module | null): void {
    torchCheck(
      module === null || module instanceof Module,
      () => `${typeName(module)} is not a Module subclass`,
      'TypeError',
    );
    this.checkName(name, 'module', 'module');
    this._modules.set(name, module);
  }

  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module);
  }

  /** The computation, as PyTorch's `forward`. */
  abstract forward(...inputs: never[]): unknown;

  /**
   * Runs `forward` inside tf.tidy, so the intermediate tensors of a port's own forward are freed and only the
   * result survives (tf.layers' name for calling a layer; PyTorch calls the module itself).
   */
  apply(...inputs: Parameters<this['forward']>): ReturnType<this['forward']> {
    return tf.tidy(() => (this.forward as (...a: unknown[]) => tf.TensorContainer)(...inputs)) as ReturnType<
      this['forward']
    >;
  }

  /**
   * The class name PyTorch prints (`_get_name`): a class's own static `torchName` where it has one (every kit class
   * does, since bundlers rename classes: esbuild makes `ReLU2` of a second ReLU in scope), else its JavaScript name.
   */
  getName(): string {
    const ctor = this.constructor as {torchName?: string; name: string};
    return Object.prototype.hasOwnProperty.call(ctor, 'torchName') ? (ctor.torchName as string) : ctor.name;
  }

  /** The text between the parentheses of this module's repr (PyTorch's `extra_repr`); '' by default. */
  extraRepr(): string {
    return '';
  }

  /** PyTorch's `print(module)`: the class name, `extraRepr()`, then each child indented. */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra ? extra.split('\n') : [];
    const childLines = [...this._modules].map(
      ([key, m]) => `(${key}): ${addIndent(m === null ? 'None' : String(m), 2)}`,
    );
    const lines = [...extraLines, ...childLines];
    let text = this.getName() + '(';
    if (lines.length > 0) {
      text += extraLines.length === 1 && childLines.length === 0 ? extraLines[0] : `\n  ${lines.join('\n  ')}\n`;
    }
    return text + ')';
  }

  /** `train(mode=true)`: sets training mode here and in every descendant; returns this. */
  train(mode = true): this {
    torchCheck(typeof mode === 'boolean', () => 'training mode is expected to be boolean', 'ValueError');
    this.training = mode;
    for (const child of this.children()) child.train(mode);
    return this;
  }

  /** `eval()`: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /**
   * PyTorch's `model.to(memory_format=torch.channels_last)`: `to({memoryFormat: 'channelsLast'})` runs this module
   * and every descendant on NHWC-stored 4-D tensors; `'contiguous'` returns to NCHW. Returns this.
   *
   * This module becomes the model's boundary: its forward takes and returns PyTorch's NCHW tensors as before (4-D
   * tensor inputs are transposed to NHWC once when it starts, 4-D outputs back once when it returns), so the values a
   * caller sees do not change, as in PyTorch. Inside, a port's forward reads as before except that the steps naming
   * an axis use `nn.functional` (`cat`, `flatten`, `size`, the pools), which know the running format; see
   * docs/nn.md. Call `to` again after adding modules.
   */
  to(options: {memoryFormat?: MemoryFormat}): this {
    torchCheck(
      typeof options === 'object' && options !== null,
      () => 'to() received an invalid combination of arguments',
      'TypeError',
    );
    const {memoryFormat = 'contiguous', ...rest} = options;
    const unknown = Object.keys(rest);
    torchCheck(
      unknown.length === 0,
      () => `to() got an unexpected keyword argument '${unknown[0]}' (only memoryFormat is supported)`,
      'TypeError',
    );
    torchCheck(
      MEMORY_FORMATS.includes(memoryFormat),
      () => `to() memory_format must be one of ${MEMORY_FORMATS.map(f => `'${f}'`).join(', ')}, got '${memoryFormat}'`,
      'TypeError',
    );
    for (const m of this.modules()) {
      m.memoryFormat = memoryFormat;
      const own = Object.getOwnPropertyDescriptor(m, 'forward');
      if (own && INSTALLED.has(own.value)) delete (m as unknown as {forward?: unknown}).forward; // an earlier `to`'s
      if (memoryFormat === 'channelsLast' && m === this) {
        const wrapped = boundaryForward(m, m.forward as (...a: unknown[]) => unknown);
        INSTALLED.add(wrapped);
        Object.defineProperty(m, 'forward', {value: wrapped, enumerable: false, writable: true, configurable: true});
      }
    }
    return this;
  }

  /** `[name, child]` for each non-null direct child, in registration order. */
  namedChildren(): Array<[string, Module]> {
    const seen = new Set<Module>();
    const out: Array<[string, Module]> = [];
    for (const [name, m] of this._modules) {
      if (m !== null && !seen.has(m)) {
        seen.add(m);
        out.push([name, m]);
      }
    }
    return out;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** `[name, module]` for this module ('' or `prefix`) and every descendant, depth first, each module once. */
  namedModules(prefix = '', memo = new Set<Module>()): Array<[string, Module]> {
    if (memo.has(this)) return [];
    memo.add(this);
    const out: Array<[string, Module]> = [[prefix, this]];
    for (const [name, m] of this._modules) {
      if (m !== null) out.push(...m.namedModules(prefix ? `${prefix}.${name}` : name, memo));
    }
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  private namedMembers<T>(
    own: (m: Module) => Iterable<[string, T | null]>,
    prefix: string,
    recurse: boolean,
  ): Array<[string, T]> {
    const memo = new Set<T>();
    const out: Array<[string, T]> = [];
    const modules = recurse ? this.namedModules(prefix) : [[prefix, this] as [string, Module]];
    for (const [modulePrefix, m] of modules) {
      for (const [name, value] of own(m)) {
        if (value === null || memo.has(value)) continue;
        memo.add(value);
        out.push([modulePrefix ? `${modulePrefix}.${name}` : name, value]);
      }
    }
    return out;
  }

  /** `[name, parameter]` in state_dict order, each tensor once (PyTorch's `named_parameters`). */
  namedParameters(prefix = '', recurse = true): Array<[string, tf.Variable]> {
    return this.namedMembers(m => m._parameters, prefix, recurse);
  }

  parameters(recurse = true): tf.Variable[] {
    return this.namedParameters('', recurse).map(([, p]) => p);
  }

  /** `[name, buffer]` in registration order, each tensor once (PyTorch's `named_buffers`). */
  namedBuffers(prefix = '', recurse = true): Array<[string, tf.Tensor]> {
    return this.namedMembers(m => m._buffers, prefix, recurse);
  }

  buffers(recurse = true): tf.Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b);
  }

  /**
   * PyTorch's `state_dict()`: own parameters in registration order, own persistent buffers, then each child's,
   * depth first, names joined with '.'. The values are the module's own tensors (PyTorch's share storage too):
   * clone one to keep it past the module, and do not dispose them.
   */
  stateDict(prefix = ''): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    this.saveToStateDict(out, prefix);
    return out;
  }

  private saveToStateDict(out: Map<string, tf.Tensor>, prefix: string): void {
    for (const [name, p] of this._parameters) if (p !== null) out.set(prefix + name, p);
    for (const [name, b] of this._buffers) {
      if (b !== null && !this._nonPersistentBuffers.has(name)) out.set(prefix + name, b);
    }
    for (const [name, m] of this._modules) if (m !== null) m.saveToStateDict(out, `${prefix}${name}.`);
  }

  /**
   * PyTorch's `load_state_dict(state_dict, strict=True)`. Collects, as PyTorch does, the missing keys, the
   * unexpected keys and the size mismatches; with `strict` the first two are errors too, and any error throws
   * PyTorch's RuntimeError (`Error(s) in loading state_dict for Net:\n\tMissing key(s) in state_dict: ...`).
   *
   * Unlike PyTorch, which copies the entries that match before it raises, a failed load changes nothing: every
   * check runs before the first copy. Values are copied in place (parameters keep their tf.Variable) and cast to
   * the entry's dtype (safetensors' int64 `num_batches_tracked` arrives as int32). The given tensors stay the
   * caller's.
   */
  loadStateDict(stateDict: StateDict, {strict = true}: {strict?: boolean} = {}): IncompatibleKeys {
    torchCheck(
      typeof stateDict === 'object' && stateDict !== null && !(stateDict instanceof tf.Tensor),
      () => `Expected state_dict to be dict-like, got ${typeName(stateDict)}.`,
      'TypeError',
    );
    // a copy, as PyTorch copies: layers may add defaults (num_batches_tracked) to it
    const dict = new Map(stateDict instanceof Map ? stateDict : Object.entries(stateDict));
    const missingKeys: string[] = [];
    const unexpectedKeys: string[] = [];
    const errors: string[] = [];
    const copies: Array<() => void> = [];
    // defaults the layers create (num_batches_tracked's zero) are the load's own: freed whatever happens
    const created: tf.Tensor[] = [];
    try {
      this.collectLoad(dict, '', missingKeys, unexpectedKeys, errors, copies, created);
    } catch (e) {
      tf.dispose(created);
      throw e;
    }
    if (strict) {
      if (unexpectedKeys.length > 0) {
        errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map(k => `"${k}"`).join(', ')}. `);
      }
      if (missingKeys.length > 0) {
        errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map(k => `"${k}"`).join(', ')}. `);
      }
    }
    try {
      torchCheck(
        errors.length === 0,
        () => `Error(s) in loading state_dict for ${this.getName()}:\n\t${errors.join('\n\t')}`,
      );
      for (const copy of copies) copy();
    } finally {
      tf.dispose(created);
    }
    return {missingKeys, unexpectedKeys};
  }

  /** PyTorch's `_load_from_state_dict` for this module, then its children (the `load` closure), without copying. */
  private collectLoad(
    dict: Map<string, tf.Tensor>,
    prefix: string,
    missing: string[],
    unexpected: string[],
    errors: string[],
    copies: Array<() => void>,
    created: tf.Tensor[],
  ): void {
    this.loadStateDictDefaults(dict, prefix, created);
    const local = new Map<string, [tf.Tensor, boolean]>();
    for (const [name, p] of this._parameters) if (p !== null) local.set(name, [p, true]);
    for (const [name, b] of this._buffers) {
      if (b !== null && !this._nonPersistentBuffers.has(name)) local.set(name, [b, false]);
    }
    for (const [name, [current, isParameter]] of local) {
      const key = prefix + name;
      if (!dict.has(key)) {
        missing.push(key);
        continue;
      }
      const input = dict.get(key);
      if (!(input instanceof tf.Tensor)) {
        errors.push(
          `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from ` +
            `checkpoint but received ${typeName(input)}`,
        );
        continue;
      }
      // PyTorch's backward compatibility: a 1-element 1-d tensor loads into a 0-d entry
      const shape = current.rank === 0 && input.rank === 1 && input.shape[0] === 1 ? [] : input.shape;
      if (shape.length !== current.rank || shape.some((s, i) => s !== current.shape[i])) {
        errors.push(
          `size mismatch for ${key}: copying a param with shape ${torchSize(input.shape)} from ` +
            `checkpoint, the shape in current model is ${torchSize(current.shape)}.`,
        );
        continue;
      }
      // what would make the copy itself fail is checked here, before any entry is copied, and reported in
      // PyTorch's words for an exception raised by copy_
      const copyError = input.isDisposed
        ? 'the checkpoint tensor is disposed'
        : input.dtype === 'string'
          ? `cannot cast a string tensor to ${current.dtype}`
          : null;
      if (copyError !== null) {
        errors.push(
          `While copying the parameter named "${key}", whose dimensions in the model are ` +
            `${torchSize(current.shape)} and whose dimensions in the checkpoint are ` +
            `${torchSize(input.shape)}, an exception occurred : ('${copyError}',).`,
        );
        continue;
      }
      copies.push(() => {
        const value = tf.tidy(() =>
          tf.reshape(input.dtype === current.dtype ? input : tf.cast(input, current.dtype), current.shape),
        );
        if (isParameter || current instanceof tf.Variable) {
          (current as tf.Variable).assign(value);
          if (value !== input) value.dispose();
        } else {
          this.replaceBuffer(name, value === input ? tf.clone(value) : value);
        }
      });
    }
    for (const key of dict.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const dot = rest.indexOf('.');
      if (dot >= 0 ? !this._modules.has(rest.slice(0, dot)) : !local.has(rest)) unexpected.push(key);
    }
    for (const [name, child] of this._modules) {
      if (child === null) continue;
      const childPrefix = `${prefix}${name}.`;
      const childDict = new Map([...dict].filter(([k]) => k.startsWith(childPrefix)));
      child.collectLoad(childDict, childPrefix, missing, unexpected, errors, copies, created);
    }
  }

  /**
   * A layer's hook before its entries are looked up: may add defaults for entries older files lack. A tensor it
   * creates for that goes in `created`, which the load frees when it ends.
   */
  protected loadStateDictDefaults(dict: Map<string, tf.Tensor>, prefix: string, created: tf.Tensor[]): void {
    void dict;
    void prefix;
    void created;
  }

  /**
   * Sets `trainable` on every parameter (PyTorch's `requires_grad_`): a frozen parameter is left out of
   * tf.variableGrads and optimizers. Returns this.
   */
  requiresGrad(requiresGrad = true): this {
    for (const p of this.parameters()) p.trainable = requiresGrad;
    return this;
  }

  /** Frees every parameter and buffer of this module and its descendants (and what they derived). */
  dispose(): void {
    for (const m of this.modules()) m.disposeOwn();
  }

  /** Frees this module's own tensors; a layer that caches derived tensors also frees those. */
  protected disposeOwn(): void {
    for (const [name, p] of this._parameters) {
      if (p !== null && !p.isDisposed) p.dispose();
      this._parameters.set(name, null);
    }
    for (const [name, b] of this._buffers) {
      if (b !== null && !b.isDisposed) b.dispose();
      this._buffers.set(name, null);
    }
  }
}

/**
 * The forward of the module `to({memoryFormat: 'channelsLast'})` was called on: NCHW in and out, NHWC inside. Entered
 * from a forward that is already channels-last (the module is itself a child of a converted model), it converts
 * nothing.
 */
function boundaryForward(module: Module, forward: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  const inner = forward.bind(module);
  return (...inputs: unknown[]) => {
    if (runningMemoryFormat() === 'channelsLast') return inner(...inputs);
    return tf.tidy(
      () =>
        runInMemoryFormat('channelsLast', () =>
          mapTensors(inner(...mapTensors(inputs, toChannelsLast)), toContiguous),
        ) as tf.TensorContainer,
    );
  };
}
