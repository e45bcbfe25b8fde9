// The package.json npm packs and publishes, without the repository's own `prepare` script. `prepare` builds dist/
// on `npm install`/`npm ci` in a clone (CI: `npm ci && npm test`), with devDependencies and scripts/ that are not
// shipped; left in the published manifest it would be an install script of the dependency, which npm 11 warns a
// consumer about ("1 package has install scripts not yet covered by allowScripts"). So `npm pack`/`npm publish`
// build first and take it out (prepack: `strip`), and put the file back, byte for byte, afterwards (postpack:
// `restore`). A pack that failed in between leaves the original in .cache/pack/package.json: `strip` restores it
// before anything else, so the script is never lost.
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseCli, usageError} from './cli.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MANIFEST = path.join(ROOT, 'package.json');
const SAVED = path.join(ROOT, '.cache', 'pack', 'package.json');

const cli = {
  usage: 'node scripts/pack-manifest.mjs strip|restore   (npm pack runs it: prepack, postpack)',
  summary: 'strip: saves package.json and removes its `prepare` script for the tarball; restore: puts it back.',
  positionals: [{name: 'strip|restore', description: 'what to do'}],
};
const {
  positionals: [action],
} = parseCli(cli);
if (action !== 'strip' && action !== 'restore') usageError(cli, `expected strip or restore, got '${action ?? ''}'`);

function restore() {
  if (!existsSync(SAVED)) return;
  copyFileSync(SAVED, MANIFEST);
  rmSync(SAVED);
}

restore();
if (action === 'strip') {
  const text = readFileSync(MANIFEST, 'utf8');
  mkdirSync(path.dirname(SAVED), {recursive: true});
  writeFileSync(SAVED, text);
  const manifest = JSON.parse(text);
  delete manifest.scripts.prepare;
  writeFileSync(MANIFEST, JSON.stringify(manifest, null, 2) + '\n');
  console.error('package.json: `prepare` left out of the packed manifest (restored after packing)');
}
