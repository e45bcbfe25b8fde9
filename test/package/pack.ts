/**
 * The package as npm would publish it: `npm pack --json` of the repository into a temporary folder. Scripts are
 * not run (dist/ must be built: `npm test` builds it through `npm pack`'s own prepack step first, and checks there
 * that the build keeps npm's JSON output clean), except the manifest step of prepack and postpack
 * (scripts/pack-manifest.mjs: the packed package.json without the repository's `prepare`), run here around it.
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface PackResult {
  /** Folder holding the tarball; remove it when done. */
  dir: string;
  tarball: string;
  /** Paths in the tarball, relative to the package root. */
  files: string[];
  /** Bytes of the tarball and of its files unpacked: npm's `size` and `unpackedSize` (as `npm pack --dry-run --json`). */
  size: number;
  unpackedSize: number;
}

/**
 * Runs `f` holding the repository's pack lock. Packing strips `prepare` from the repository's own package.json for a
 * moment (scripts/pack-manifest.mjs), and jest runs the package test files in parallel workers: without the lock one
 * file's pack could ship the manifest another has just restored, or a file read package.json while it is stripped.
 * The lock is a directory (mkdir is atomic); a holder that died leaves it behind, so it expires after two minutes.
 */
export function withPackLock<T>(f: () => T): T {
  const lock = path.join(REPO_ROOT, '.cache', 'pack.lock');
  fs.mkdirSync(path.dirname(lock), {recursive: true});
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (Date.now() - fs.statSync(lock).mtimeMs > 120_000) fs.rmSync(lock, {recursive: true, force: true});
      Atomics.wait(wait, 0, 0, 100);
    }
  }
  try {
    return f();
  } finally {
    fs.rmSync(lock, {recursive: true, force: true});
  }
}

/** The repository's package.json as committed (read under the pack lock, so never the stripped one). */
export function readRepositoryManifest(): string {
  return withPackLock(() => fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
}

export function packRepository(): PackResult {
  return withPackLock(packUnlocked);
}

function packUnlocked(): PackResult {
  for (const built of ['dist/esm/index.mjs', 'dist/cjs/index.cjs', 'dist/types/src/index.d.ts']) {
    if (!fs.existsSync(path.join(REPO_ROOT, built))) throw new Error(`${built} is missing: run npm run build first`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-torch-ops-pack-'));
  const manifestStep = (action: string) =>
    execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'pack-manifest.mjs'), action], {
      cwd: REPO_ROOT,
      stdio: 'ignore',
    });
  let stdout: string;
  manifestStep('strip');
  try {
    stdout = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } finally {
    manifestStep('restore');
  }
  const [manifest] = JSON.parse(stdout) as Array<{
    filename: string;
    files: Array<{path: string}>;
    size: number;
    unpackedSize: number;
  }>;
  return {
    dir,
    tarball: path.join(dir, manifest.filename),
    files: manifest.files.map(f => f.path).sort(),
    size: manifest.size,
    unpackedSize: manifest.unpackedSize,
  };
}
