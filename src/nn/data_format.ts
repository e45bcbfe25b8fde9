/**
 * The pooling modules' `dataFormat` (docs/layouts.md): a keyword-only option (PyTorch's modules have no such
 * argument, so it is never taken by position), kept as given and passed to the functional op, which checks it when
 * the module runs, as PyTorch's modules leave their checks to the op. The repr stays PyTorch's for the default
 * layout; a channels-last module adds `data_format='NHWC'` at the end, so two modules that pool different axes never
 * print alike.
 */
import {DATA_FORMATS} from '../ops/data_format';

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
