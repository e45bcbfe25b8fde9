// Prints what each public entry adds to a browser app's bundle: the entry bundled with esbuild as an app would
// (minified, ESM, every @tensorflow package external), its size and gzip size. Run after `npm run build`:
//   node scripts/entry-sizes.mjs [--json]
// A webgl-only app imports 'tfjs-torch-ops/core' and 'tfjs-torch-ops/webgl', so its cost is those two rows.
import {readFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import * as esbuild from 'esbuild';
import {parseCli} from './cli.mjs';

const {values} = parseCli({
  usage: 'npm run size [-- --json]   (node scripts/entry-sizes.mjs [--json], after npm run build)',
  summary:
    'Bundles each entry of package.json "exports" minified with @tensorflow/* external and prints its size ' +
    'and gzip size.',
  options: {json: {type: 'boolean', description: 'print the rows as one JSON array on stdout'}},
});
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const rows = [];
for (const [name, target] of Object.entries(pkg.exports)) {
  if (typeof target === 'string') continue; // ./package.json
  const result = await esbuild.build({
    entryPoints: [target.import],
    bundle: true,
    write: false,
    format: 'esm',
    minify: true,
    // The root and layers entries import the other entries by the package's name: measured alone, as each adds.
    external: ['@tensorflow/*', 'tfjs-torch-ops', 'tfjs-torch-ops/*'],
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  rows.push({entry: `tfjs-torch-ops${name.slice(1)}`, minified: bytes.length, gzip: gzipSync(bytes).length});
}
if (values.json) {
  console.log(JSON.stringify(rows));
} else {
  const kb = n => `${(n / 1024).toFixed(1)} KB`;
  for (const r of rows)
    console.log(`${r.entry.padEnd(28)} ${kb(r.minified).padStart(10)} ${kb(r.gzip).padStart(10)} gzip`);
}
