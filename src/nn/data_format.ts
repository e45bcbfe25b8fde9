/**
 * The pooling modules' `dataFormat` (docs/layouts.md): a keyword-only option (PyTorch's modules have no such
 * argument, so it is never taken by position), kept as given and passed to the functional op, which checks it when
 * the module runs, as PyTorch's modules leave their checks to the op. The repr stays PyTorch's for the default
 * layout; a channels-last module adds `data_format='NHWC'` at the end, so two modules that pool different axes never
 * print alike.
 */
import {Tensor} from '@tensorflow/tfjs-core';
import {DATA_FORMATS} from '../ops/data_format';
import {torchCheck} from '../ops/torch_errors';
import {runningMemoryFormat} from './memory_format';

/** The option object to spread into the op's options: nothing for an absent dataFormat. */
export function layoutOption<F>(dataFormat: F | undefined): {dataFormat?: F} {
  return dataFormat === undefined ? {} : {dataFormat};
}

/** `repr` with `, data_format='…'` before its closing parenthesis where the layout is not channels-first. */
export function layoutRepr(repr: string, dataFormat: unknown, nd: number): string {
  if (dataFormat === undefined || dataFormat === DATA_FORMATS[nd][0]) return repr;
  const text = typeof dataFormat === 'string' ? `'${dataFormat}'` : String(dataFormat);
  return `${repr.slice(0, -1)}, data_format=${text})`;
}

/**
 * The layout option of a pool's forward (a module's or nn.functional's), given the `dataFormat` it was built or
 * called with. In a channels-last forward (`model.to({memoryFormat: 'channelsLast'})`, src/nn/memory_format.ts) a 4-D
 * input is PyTorch's NCHW tensor stored NHWC, so the op runs with `dataFormat: 'NHWC'`: natively on a backend with
 * channels-last pool kernels, no transpose around it. A channels-first `dataFormat` (absent or `'NCHW'`) names the
 * logical order, which the memory format keeps, so it follows the format; an explicit `'NHWC'` would say the tensor is
 * [N, H, W, C] logically, which a channels-last model's boundary (NCHW in) cannot have given it: an error, never a
 * guess. Anything else (a contiguous forward; a 3-D unbatched input, which the boundary leaves as it is; the 1d and 3d
 * pools, whose tensors the memory format leaves NC…) keeps `dataFormat`.
 */
export function poolLayout<F>(who: string, nd: number, dataFormat: F | undefined, input: unknown): {dataFormat?: F} {
  const [first, last] = DATA_FORMATS[2];
  const channelsLast = runningMemoryFormat() === 'channelsLast' && input instanceof Tensor && input.rank === 4;
  // A 3d pool's unbatched (C, D, H, W) input is a 4-D tensor, which a channels-last forward stores NHWC: its axes
  // are not the ones the pool would read, and PyTorch's channels_last has no such tensor either.
  torchCheck(
    !(channelsLast && nd === 3),
    () =>
      `${who}: a 4-D input inside a channels-last forward is stored NHWC by model.to({memoryFormat: 'channelsLast'}); ` +
      'a 3d pool needs a 5-D (batched) input there',
  );
  const stored = channelsLast && nd === 2;
  // a misspelt dataFormat goes to the op as given, for its ValueError
  const known = dataFormat === undefined || dataFormat === first || dataFormat === last;
  if (!stored || !known) return layoutOption(dataFormat);
  torchCheck(
    dataFormat !== last,
    () =>
      `${who}: dataFormat 'NHWC' inside a channels-last forward: the model's 4-D tensors are NCHW (stored NHWC by ` +
      `model.to({memoryFormat: 'channelsLast'}), which runs the pools channels-last itself); leave dataFormat out`,
  );
  return {dataFormat: last as F};
}
