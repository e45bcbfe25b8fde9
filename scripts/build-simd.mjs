// Compiles the SIMD kernels' WebAssembly (AssemblyScript source kernels/simd/assembly/box_simd.ts; one module per
// entry in kernels/simd/assembly/modules/, each under the 4 KB that browsers compile synchronously on the main thread) and embeds the modules,
// base64, in kernels/simd/pool_simd_wasm.ts, which the cpu and wasm kernels import (no file is fetched at run time, so
// the same code works in Node, in jest straight from the sources and in esbuild's browser bundles).
// The generated file is committed, so type-checking and jest work before any build; this script rewrites it only
// when the bytes change, and `--check` exits 1 if it is out of date (the source was edited without rebuilding).
// Run by scripts/build.mjs (hence by `npm run build`, `prepare` and `npm test`).
// With CI=true it only checks, whoever runs it: CI's `npm ci` runs `prepare`, and a build that quietly rewrote a
// stale committed file there would test the fresh one and pass, so the stale one would ship in the repository.
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';

const SOURCE = 'kernels/simd/assembly/box_simd.ts';
const ENTRIES = 'kernels/simd/assembly/modules';
const TARGET = 'kernels/simd/pool_simd_wasm.ts';
const FLAGS = [
  '-O3',
  '--runtime',
  'stub',
  '--noAssert',
  '--importMemory',
  '--noExportMemory',
  '--use',
  'abort=',
  '--enable',
  'simd',
];
/** Chromium refuses synchronous compilation of larger modules on the main thread. */
const SYNC_LIMIT = 4096;

/** AssemblyScript generated from the one TypeScript definition (src/geometry), each file from its generator. */
const GENERATED = [
  // the modules' table offsets and rule codes: src/geometry/packed_tables.ts assemblyTableLayout
  {file: 'kernels/simd/assembly/table_layout.ts', from: 'src/geometry/packed_tables.ts', fn: 'assemblyTableLayout'},
  // the Winograd tile transforms: src/geometry/winograd.ts winogradTransformsAssembly
  {
    file: 'kernels/simd/assembly/winograd_transforms.ts',
    from: 'src/geometry/winograd.ts',
    fn: 'winogradTransformsAssembly',
  },
];

/** In CI the generated files are checked, never written (see the top of this file). */
const IN_CI = process.env.CI === 'true' || process.env.CI === '1';
const REFUSED = IN_CI ? ' (CI=true: generated files are checked, not rewritten)' : '';

/** Writes (or, with `check`, checks) each generated AssemblyScript file (TypeScript, so bundled by esbuild first). */
async function writeGenerated(check) {
  const esbuild = await import('esbuild');
  for (const {file, from, fn} of GENERATED) {
    const {outputFiles} = await esbuild.build({
      entryPoints: [from],
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'error',
    });
    const url = `data:text/javascript;base64,${Buffer.from(outputFiles[0].text).toString('base64')}`;
    const text = (await import(url))[fn]();
    if ((existsSync(file) ? readFileSync(file, 'utf8') : '') === text) continue;
    if (check) {
      console.error(`${file} is out of date with ${from}${REFUSED}: run node scripts/build-simd.mjs and commit it`);
      process.exit(1);
    }
    writeFileSync(file, text);
  }
}

export async function buildSimd({check = IN_CI} = {}) {
  let asc;
  try {
    asc = (await import('assemblyscript/asc')).default;
  } catch (e) {
    // Without the devDependency (an install that skipped it) the committed modules are used as they are.
    if (check) throw e;
    console.warn(`assemblyscript not found (${e.code ?? e.message}): keeping the committed ${TARGET}`);
    return {changed: false, sizes: {}};
  }
  await writeGenerated(check);
  const sizes = {};
  const modules = {};
  for (const file of readdirSync(ENTRIES)
    .filter(f => f.endsWith('.ts'))
    .sort()) {
    const name = file.replace(/\.ts$/, '');
    let bytes = null;
    const {error, stderr} = await asc.main([`${ENTRIES}/${file}`, ...FLAGS, '--outFile', 'out.wasm'], {
      writeFile(out, contents) {
        if (out.endsWith('.wasm')) bytes = contents;
      },
    });
    if (error || bytes === null) throw new Error(`asc failed on ${ENTRIES}/${file}: ${error}\n${stderr.toString()}`);
    if (bytes.length > SYNC_LIMIT)
      throw new Error(`${ENTRIES}/${file}: ${bytes.length} bytes > ${SYNC_LIMIT}: split it`);
    sizes[name] = bytes.length;
    modules[name] = Buffer.from(bytes).toString('base64');
  }
  const text = render(modules, sizes);
  const current = existsSync(TARGET) ? readFileSync(TARGET, 'utf8') : '';
  if (current === text) return {changed: false, sizes};
  if (check) {
    console.error(`${TARGET} is out of date with ${SOURCE}${REFUSED}: run node scripts/build-simd.mjs and commit it`);
    process.exit(1);
  }
  writeFileSync(TARGET, text);
  return {changed: true, sizes};
}

function render(modules, sizes) {
  const entries = Object.entries(modules).map(([name, b64]) => {
    const lines = b64
      .match(/.{1,100}/g)
      .map(l => `    '${l}'`)
      .join(' +\n');
    return `  // ${ENTRIES}/${name}.ts: ${sizes[name]} bytes\n  ${name}:\n${lines},`;
  });
  return (
    `// Generated by scripts/build-simd.mjs from ${SOURCE} (AssemblyScript ${FLAGS.join(' ')}). Do not edit.\n` +
    `// WebAssembly modules (SIMD), base64, one per entry of ${ENTRIES}/:\n` +
    `// the average pools', mean's, the max family's and the kit's (convolutions, concatenation).\n` +
    `export const POOL_SIMD_WASM: Record<string, string> = {\n${entries.join('\n')}\n};\n`
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const {parseCli} = await import('./cli.mjs');
  const {values} = parseCli({
    usage: 'node scripts/build-simd.mjs [--check]',
    summary: `Compiles ${SOURCE} (AssemblyScript) and rewrites ${TARGET} when the bytes changed.`,
    options: {check: {type: 'boolean', description: 'write nothing; exit 1 when the file is out of date'}},
  });
  const {changed, sizes} = await buildSimd({check: values.check === true || IN_CI});
  console.log(`${TARGET}: ${JSON.stringify(sizes)} bytes of wasm${changed ? ', rewritten' : ', up to date'}`);
}
