// The command line of every script in scripts/, bench/ and examples/: one parser (node:util parseArgs, strict), so
// that each one answers `--help` with its usage on stdout and exit 0, and refuses an unknown flag, a missing value or
// a stray argument with the reason and the usage on stderr and exit 2, before it does any work.
//
//   const {values, positionals} = parseCli({
//     usage: 'node bench/pools.mjs [options]',
//     summary: 'What it does, in a line or two.',
//     options: {backends: {type: 'string', default: 'cpu,wasm', description: 'comma-separated backends'}},
//   });
//
// Options take `--name value` or `--name=value`; booleans take no value. `positionals` names the positional
// arguments the script accepts (for the usage); without it, any positional argument is an error.
import {parseArgs} from 'node:util';

/** The usage text: the usage line, the summary, then one line per option (its value, default and meaning). */
export function usageText({usage, summary = '', options = {}, positionals = [], notes = ''}) {
  const rows = Object.entries(options)
    .filter(([, o]) => !o.hidden)
    .map(([name, o]) => {
      const value = o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : '';
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${value}`;
      const dflt = o.default !== undefined && o.type === 'string' ? ` (default: ${o.default})` : '';
      return [flag, `${o.description ?? ''}${dflt}`];
    });
  rows.push(['-h, --help', 'print this help and exit']);
  const width = Math.max(...rows.map(([f]) => f.length), ...positionals.map(p => p.name.length + 4)) + 2;
  const lines = [`usage: ${usage}`];
  if (summary) lines.push('', summary);
  if (positionals.length) {
    lines.push('', 'arguments:');
    for (const p of positionals) lines.push(`  ${p.name.padEnd(width)}${p.description ?? ''}`);
  }
  lines.push('', 'options:');
  for (const [flag, text] of rows) lines.push(`  ${flag.padEnd(width)}${text}`);
  if (notes) lines.push('', notes);
  return lines.join('\n') + '\n';
}

/**
 * Parses `argv` (default: this process's arguments) against `options`. `--help`/`-h` prints the usage to stdout and
 * exits 0; an error prints `error: <reason>` and the usage to stderr and exits 2. Options marked `hidden` (the
 * internal flags a script passes to a child of itself) parse but are left out of the usage.
 */
export function parseCli(spec) {
  const {options = {}, positionals = [], argv = process.argv.slice(2)} = spec;
  const parserOptions = {help: {type: 'boolean', short: 'h'}};
  for (const [name, o] of Object.entries(options)) {
    parserOptions[name] = {
      type: o.type,
      ...(o.short ? {short: o.short} : {}),
      ...(o.default !== undefined ? {default: o.default} : {}),
    };
  }
  let parsed;
  try {
    parsed = parseArgs({args: argv, options: parserOptions, strict: true, allowPositionals: positionals.length > 0});
  } catch (e) {
    process.stderr.write(`error: ${e.message}\n\n${usageText(spec)}`);
    process.exit(2);
  }
  if (parsed.values.help) {
    process.stdout.write(usageText(spec));
    process.exit(0);
  }
  const max = positionals.length;
  if (parsed.positionals.length > max) {
    process.stderr.write(`error: unexpected argument '${parsed.positionals[max]}'\n\n${usageText(spec)}`);
    process.exit(2);
  }
  delete parsed.values.help;
  return {values: parsed.values, positionals: parsed.positionals};
}

/** Exits 2 with `message` and the usage, as a parse error does (for values that parse but make no sense). */
export function usageError(spec, message) {
  process.stderr.write(`error: ${message}\n\n${usageText(spec)}`);
  process.exit(2);
}
