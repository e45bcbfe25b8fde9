// A module tree with PyTorch's state_dict names and order, so that a port can be loaded from named tensors (a real
// state_dict exported from Python) or from the deterministic weight formula (weights.mjs), and checked entry by entry
// against the list PyTorch records.
//
// PyTorch's order (nn.Module._save_to_state_dict, then the children): a module's own parameters in registration
// order, then its own buffers, then each child module in registration order, depth first. Declare only the
// floating-point entries: integer buffers (BatchNorm's num_batches_tracked) play no part in eval and the weight
// formula skips them.
import * as tf from '@tensorflow/tfjs-core';
import {formulaValues} from './weights.mjs';

export class Module {
  constructor() {
    /** name -> {shape, transform, value} */
    this._parameters = new Map();
    this._buffers = new Map();
    /** name -> Module; nn.Sequential's children are named '0', '1', ... */
    this._modules = new Map();
  }

  /**
   * Declares a parameter (`weight`, `bias`) of `shape`. `transform(raw)` may turn PyTorch's tensor into the one this
   * port computes with (e.g. a conv filter into tfjs's layout) once, at load time; the raw tensor is then disposed.
   */
  registerParameter(name, shape, transform) {
    this._parameters.set(name, {shape, transform, value: null});
  }

  /** Declares a floating-point buffer (`running_mean`, `running_var`): a state_dict entry that is not a parameter. */
  registerBuffer(name, shape, transform) {
    this._buffers.set(name, {shape, transform, value: null});
  }

  /** Adds a child module under `name` (PyTorch's attribute name) and returns it. */
  addModule(name, module) {
    if (!(module instanceof Module)) throw new TypeError(`${name} is not a Module`);
    this._modules.set(name, module);
    return module;
  }

  /** A loaded parameter or buffer (after its transform). */
  tensor(name) {
    const entry = this._parameters.get(name) ?? this._buffers.get(name);
    if (entry === undefined) throw new Error(`${this.constructor.name} has no entry '${name}'`);
    if (entry.value === null) throw new Error(`${this.constructor.name}.${name} is not loaded`);
    return entry.value;
  }

  /** Called once after every entry of this module is loaded: derive what forward needs (e.g. fold BatchNorm). */
  prepare() {}

  forward() {
    throw new Error(`${this.constructor.name}.forward is not implemented`);
  }

  /** [prefix + name, entry, owner] for every declared entry, in state_dict order. */
  * namedEntries(prefix = '') {
    for (const [name, entry] of this._parameters) yield [prefix + name, entry, this];
    for (const [name, entry] of this._buffers) yield [prefix + name, entry, this];
    for (const [name, child] of this._modules) yield* child.namedEntries(`${prefix}${name}.`);
  }

  * modules() {
    yield this;
    for (const child of this._modules.values()) yield* child.modules();
  }

  /** [[name, shape]] in state_dict order: compare it with the list PyTorch records. */
  stateDictShapes() {
    return Array.from(this.namedEntries(), ([name, entry]) => [name, entry.shape]);
  }

  /**
   * Loads every entry from `source(name, shape, k)`, which returns a Float32Array of the entry's size (k counts the
   * entries from 0 in state_dict order), applies the transforms, then calls prepare() on every module, children
   * first. Returns this.
   */
  load(source) {
    let k = 0;
    try {
      for (const [name, entry] of this.namedEntries()) {
        const size = entry.shape.reduce((a, b) => a * b, 1);
        const data = source(name, entry.shape, k++);
        if (!(data instanceof Float32Array) || data.length !== size) {
          throw new Error(`${name}: expected ${size} float32 values of shape [${entry.shape}]`);
        }
        const raw = tf.tensor(data, entry.shape, 'float32');
        if (entry.value !== null) entry.value.dispose();
        entry.value = entry.transform ? tf.tidy(() => entry.transform(raw)) : raw;
        if (entry.value !== raw) raw.dispose();
      }
      for (const module of [...this.modules()].reverse()) module.prepare();
    } catch (e) {
      this.dispose();  // a failed load keeps nothing
      throw e;
    }
    return this;
  }

  /** Loads the deterministic formula weights (weights.mjs): the k-th entry is formulaValues(k, name, shape). */
  loadFormulaWeights() {
    return this.load((name, shape, k) => formulaValues(k, name, shape));
  }

  /**
   * Loads named tensors (a state_dict as {name: Float32Array} or a Map): every declared entry must be there with
   * its size, and nothing else but integer entries (`num_batches_tracked`) may be left over.
   */
  loadStateDict(named) {
    const map = named instanceof Map ? named : new Map(Object.entries(named));
    const used = new Set();
    this.load(name => {
      if (!map.has(name)) throw new Error(`missing state_dict entry ${name}`);
      used.add(name);
      return map.get(name);
    });
    const unexpected = [...map.keys()].filter(n => !used.has(n) && !n.endsWith('num_batches_tracked'));
    if (unexpected.length) {
      this.dispose();
      throw new Error(`unexpected state_dict entries: ${unexpected.join(', ')}`);
    }
    return this;
  }

  /** Disposes every loaded tensor and what prepare() derived (tensors kept in `this.derived`). */
  dispose() {
    for (const module of this.modules()) {
      for (const entry of [...module._parameters.values(), ...module._buffers.values()]) {
        if (entry.value !== null) entry.value.dispose();
        entry.value = null;
      }
      for (const t of Object.values(module.derived ?? {})) t.dispose();
      module.derived = undefined;
    }
  }
}

/** nn.Sequential: children '0', '1', ... applied in order (modules without entries still take their index). */
export class Sequential extends Module {
  constructor(...layers) {
    super();
    layers.forEach((layer, i) => this.addModule(String(i), layer));
  }

  forward(x) {
    let y = x;
    for (const layer of this._modules.values()) y = layer.forward(y);
    return y;
  }
}

/** A module without entries (ReLU, Dropout in eval, Flatten, the pools) that still takes its place in a Sequential. */
export class Lambda extends Module {
  constructor(fn, name = 'Lambda') {
    super();
    this.fn = fn;
    this.name = name;
  }

  forward(x) {
    return this.fn(x);
  }
}
