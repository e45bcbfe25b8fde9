/**
 * What a user of the published package gets: its licence and metadata, the files in the tarball, README links that
 * work from the npm page (shipped files, or absolute links into the repository), and dependencies that npm never
 * installs behind the user's back (tfjs-node's install script downloads libtensorflow from Google's host).
 */
import {execFileSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {PackResult, REPO_ROOT, packRepository, readRepositoryManifest} from './pack';

const PKG_TEXT = readRepositoryManifest();
const pkg = JSON.parse(PKG_TEXT);
const REPOSITORY = 'https://github.com/tfjs-torch-ops/tfjs-torch-ops';
const BACKENDS = [
  '@tensorflow/tfjs-backend-cpu',
  '@tensorflow/tfjs-backend-wasm',
  '@tensorflow/tfjs-backend-webgl',
  '@tensorflow/tfjs-backend-webgpu',
  '@tensorflow/tfjs-node',
];

let packed: PackResult;
beforeAll(() => {
  packed = packRepository();
});
afterAll(() => {
  if (packed) fs.rmSync(packed.dir, {recursive: true, force: true});
});

describe('licence and metadata', () => {
  it('LICENSE holds the Apache License 2.0 that package.json names', () => {
    expect(pkg.license).toBe('Apache-2.0');
    const text = fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004\s+http:\/\/www\.apache\.org\/licenses\//);
    for (const section of [
      '1. Definitions.',
      '2. Grant of Copyright License.',
      '3. Grant of Patent License.',
      '4. Redistribution.',
      '5. Submission of Contributions.',
      '6. Trademarks.',
      '7. Disclaimer of Warranty.',
      '8. Limitation of Liability.',
      '9. Accepting Warranty or Additional Liability.',
      'END OF TERMS AND CONDITIONS',
    ]) {
      expect(text).toContain(section);
    }
  });

  it('names the repository, its issues and homepage consistently', () => {
    expect(pkg.repository).toEqual({type: 'git', url: `git+${REPOSITORY}.git`});
    expect(pkg.bugs).toEqual({url: `${REPOSITORY}/issues`});
    expect(pkg.homepage).toBe(`${REPOSITORY}#readme`);
    expect(pkg.keywords).toEqual(expect.arrayContaining(['tensorflow', 'tfjs', 'pytorch']));
  });

  it('declares tfjs-core as its peer and every backend (tfjs-node too) as an optional peer', () => {
    expect(pkg.peerDependencies['@tensorflow/tfjs-core']).toMatch(/^\^4\./);
    expect(pkg.peerDependenciesMeta['@tensorflow/tfjs-core']).toBeUndefined();
    for (const name of [...BACKENDS, '@tensorflow/tfjs-layers']) {
      expect([name, pkg.peerDependencies[name]]).toEqual([name, expect.stringMatching(/^\^4\./)]);
      expect([name, pkg.peerDependenciesMeta[name]]).toEqual([name, {optional: true}]);
    }
    // In no dependency list npm installs from: a plain npm install / npm ci never runs tfjs-node's installer.
    expect(pkg.dependencies?.['@tensorflow/tfjs-node']).toBeUndefined();
    expect(pkg.devDependencies['@tensorflow/tfjs-node']).toBeUndefined();
    expect(pkg.optionalDependencies?.['@tensorflow/tfjs-node']).toBeUndefined();
  });

  it('ships no install script (npm 11 warns consumers of each one), while a clone builds on npm ci (prepare)', () => {
    expect(pkg.scripts.prepare).toBe('node scripts/build.mjs');
    const shipped = JSON.parse(
      execFileSync('tar', ['-xzOf', packed.tarball, 'package/package.json'], {encoding: 'utf8'}),
    );
    const installScripts = [
      'preinstall',
      'install',
      'postinstall',
      'prepublish',
      'preprepare',
      'prepare',
      'postprepare',
    ].filter(s => s in (shipped.scripts ?? {}));
    expect(installScripts).toEqual([]);
    expect({...shipped, scripts: undefined}).toEqual({...pkg, scripts: undefined});
    // and the repository's package.json is back as it was, byte for byte
    expect(readRepositoryManifest()).toBe(PKG_TEXT);
  });

  it('keeps tfjs-node out of the lockfile', () => {
    const lock = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8'));
    expect(Object.keys(lock.packages).filter(p => p.endsWith('node_modules/@tensorflow/tfjs-node'))).toEqual([]);
    expect(lock.packages[''].peerDependencies).toEqual(pkg.peerDependencies);
  });
});

describe('the tarball', () => {
  it('holds the builds, types, sources, README, CHANGELOG and LICENSE, and nothing of the development set-up', () => {
    const files = packed.files;
    for (const f of [
      'package.json',
      'README.md',
      'CHANGELOG.md',
      'LICENSE',
      'dist/esm/index.mjs',
      'dist/esm/index.mjs.map',
      'dist/cjs/index.cjs',
      'dist/esm/layers.mjs',
      'dist/cjs/layers.cjs',
      'dist/types/src/index.d.ts',
      'dist/types/src/layers/index.d.ts',
      'src/index.ts',
    ]) {
      expect(files).toContain(f);
    }
    const tops = new Set(files.map(f => f.split('/')[0]));
    expect([...tops].sort()).toEqual([
      'CHANGELOG.md',
      'LICENSE',
      'README.md',
      'dist',
      'docs',
      'kernels',
      'package.json',
      'src',
    ]);
  });

  it("has every file package.json's entry points name", () => {
    const targets: string[] = [pkg.main, pkg.module, pkg.types];
    for (const entry of Object.values(pkg.exports) as Array<string | Record<string, string>>) {
      targets.push(...(typeof entry === 'string' ? [entry] : Object.values(entry)));
    }
    for (const list of Object.values(pkg.typesVersions['*']) as string[][]) targets.push(...list);
    for (const target of targets) expect(packed.files).toContain(path.posix.normalize(target));
  });

  it('ships source maps whose sources are shipped too', () => {
    for (const map of packed.files.filter(f => f.endsWith('.map'))) {
      const {sources} = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, map), 'utf8')) as {sources: string[]};
      for (const source of sources) {
        const shipped = path.posix.normalize(path.posix.join(path.posix.dirname(map), source));
        if (shipped.startsWith('node_modules/') || shipped.includes('/node_modules/')) continue; // peers' code
        expect([map, packed.files.includes(shipped)]).toEqual([map, true]);
      }
    }
  });
});

describe('README and CHANGELOG links', () => {
  /** Markdown link targets, `[text](target)` and `[label]: target`, without titles or anchors. */
  function links(markdown: string): string[] {
    const inline = [...markdown.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map(m => m[1]);
    const refs = [...markdown.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map(m => m[1]);
    return [...inline, ...refs];
  }

  for (const doc of ['README.md', 'CHANGELOG.md']) {
    it(`${doc}: a relative link names a shipped file, a repository link an existing one`, () => {
      const bad: string[] = [];
      for (const link of links(fs.readFileSync(path.join(REPO_ROOT, doc), 'utf8'))) {
        if (link.startsWith('#') || /^mailto:/.test(link)) continue;
        const repoPath = new RegExp(`^${REPOSITORY}/(?:blob|tree)/main/(.+)$`).exec(link);
        if (repoPath) {
          if (!fs.existsSync(path.join(REPO_ROOT, repoPath[1].split('#')[0]))) bad.push(`${link}: no such file`);
          continue;
        }
        if (/^https?:\/\//.test(link)) continue;
        const target = path.posix.normalize(link.split('#')[0]).replace(/\/$/, '');
        const shipped = packed.files.some(f => f === target || f.startsWith(`${target}/`));
        if (!shipped) bad.push(`${link}: not in the tarball (link to ${REPOSITORY}/blob/main/${target} instead)`);
      }
      expect(bad).toEqual([]);
    });
  }
});
