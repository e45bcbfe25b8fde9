/**
 * README.md's claims that a command can check, checked on the packed package:
 *
 * - the tarball sizes it states, against npm's own (`size` and `unpackedSize` of `npm pack --json`, the figures
 *   `npm pack --dry-run --json` prints), so that README is updated when they drift;
 * - the counts its "What it fixes" table gives for tfjs's max pools, against `npm run bench:tfjs-maxpool`'s output;
 * - its install line and Quick example, verbatim: a new project gets the packed tarball plus exactly the packages the
 *   install line names, then every code block README marks `<!-- readme-test: run … -->` runs with node, and its
 *   stdout must equal the `text` block that follows it.
 *
 * The install comes from the repository's node_modules when it holds every package the line names (links, as npm
 * would lay them out flat: each named package, its dependencies, and this package's required peers, which npm ≥ 7
 * installs by itself); otherwise, or with README_INSTALL=registry, the line itself runs (`npm install` from the
 * registry), with the tarball path pointing at the packed tarball.
 */
import {execFileSync, spawnSync} from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import {PackResult, REPO_ROOT, packRepository} from './pack';

const README = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
const INSTALLED = path.join(REPO_ROOT, 'node_modules');

let packed: PackResult;
beforeAll(() => {
  packed = packRepository();
});
afterAll(() => {
  if (packed) fs.rmSync(packed.dir, {recursive: true, force: true});
});

/** The body of the first fenced block of `lang` at or after `from`, and where it ends. */
function fencedBlock(text: string, lang: string, from: number): {body: string; end: number} {
  const open = text.indexOf('```' + lang + '\n', from);
  if (open < 0) throw new Error(`README.md: no \`\`\`${lang} block after offset ${from}`);
  const start = open + lang.length + 4;
  const close = text.indexOf('\n```', start - 1);
  return {body: text.slice(start, close + 1), end: close + 4};
}

describe('the tarball size README states', () => {
  /** "The tarball, 260 kB (1.0 MB unpacked" → [kB, MB]. */
  const stated = /The tarball, ([\d.]+) kB \(([\d.]+) MB unpacked/.exec(README);

  it('is stated in the Install section', () => {
    expect(stated).not.toBeNull();
  });

  // A band of ±5%: the sizes move a little with every change to the sources, README with the large ones.
  it.each([
    ['packed', 1, 1e3],
    ['unpacked', 2, 1e6],
  ] as const)("%s: within 5%% of npm pack's", (what, group, unit) => {
    const real = what === 'packed' ? packed.size : packed.unpackedSize;
    const claim = Number(stated![group]) * unit;
    // On failure this shows npm's figure: put it in README, rounded as README rounds it.
    expect({what, real, claim, withinBand: Math.abs(claim / real - 1) <= 0.05}).toEqual({
      what,
      real,
      claim,
      withinBand: true,
    });
  });
});

describe('the install line and Quick example, verbatim', () => {
  let consumer: string;
  let named: string[];

  beforeAll(() => {
    const install = fencedBlock(README, 'bash', README.indexOf('## Install')).body;
    const line = install.split('\n').find(l => /^npm install \.\/\S+\.tgz/.test(l));
    if (!line) throw new Error('README.md Install: no `npm install ./….tgz …` line');
    const [tarballArg, ...packages] = line.replace(/#.*$/, '').trim().split(/\s+/).slice(2);
    // The file README tells the user to install is the one npm pack writes.
    expect(path.basename(tarballArg)).toBe(path.basename(packed.tarball));
    named = packages;

    consumer = path.join(packed.dir, 'readme-consumer');
    fs.mkdirSync(consumer, {recursive: true});
    fs.writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({name: 'readme-consumer', private: true}));
    const local = named.every(name => fs.existsSync(path.join(INSTALLED, name, 'package.json')));
    if (local && process.env.README_INSTALL !== 'registry') {
      installFromRepository(consumer, named);
    } else {
      execFileSync('npm', ['install', '--no-audit', '--no-fund', packed.tarball, ...named], {
        cwd: consumer,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    }
  }, 300_000);

  it('names packages to install besides the tarball', () => {
    expect(named.length).toBeGreaterThan(0);
  });

  const markers = [...README.matchAll(/<!-- readme-test: run\b[^>]*-->/g)];
  it('marks at least one block to run', () => {
    expect(markers.length).toBeGreaterThan(0);
  });

  it.each(markers.map((m, i) => [i + 1, m.index!]))('block %i runs with node and prints what README shows', (i, at) => {
    const code = fencedBlock(README, 'js', at);
    const expected = fencedBlock(README, 'text', code.end).body;
    const file = path.join(consumer, `readme-${i}.mjs`);
    fs.writeFileSync(file, code.body);
    const {status, stdout, stderr} = spawnSync(process.execPath, [file], {cwd: consumer, encoding: 'utf8'});
    expect({status, stderr: stderr.includes('Error') ? stderr : ''}).toEqual({status: 0, stderr: ''});
    expect(stdout).toBe(expected);
  });
});

describe('What it fixes: the max-pool rows', () => {
  /** bench/tfjs_maxpool_diff.mjs on tfjs's cpu and wasm backends: the command README cites for these rows. */
  function diffOutput(backend: string): string {
    const script = path.join(REPO_ROOT, 'bench', 'tfjs_maxpool_diff.mjs');
    const {status, stdout, stderr} = spawnSync(process.execPath, [script, `--backend=${backend}`], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
    });
    if (status !== 0) throw new Error(`bench/tfjs_maxpool_diff.mjs --backend=${backend} failed: ${stderr}`);
    return stdout;
  }

  it('states only counts that npm run bench:tfjs-maxpool prints, on cpu or wasm', () => {
    const rows = README.split('\n').filter(line => line.startsWith('| max pool'));
    const counts = rows
      .flatMap(row => [...row.matchAll(/(\d[\d,]*) of (\d[\d,]*)/g)])
      .map(m => `${m[1].replace(/,/g, '')} of ${m[2].replace(/,/g, '')}`);
    expect(counts.length).toBeGreaterThan(3);
    const printed = diffOutput('cpu') + diffOutput('wasm');
    expect(counts.filter(c => !printed.includes(c))).toEqual([]);
    // The NaN row: PyTorch's NaN outputs, and tfjs's.
    const nan = /0 NaN outputs where PyTorch has (\d+)/.exec(rows.join('\n'));
    expect(printed).toContain(`${nan![1]} outputs are NaN in PyTorch, tf.maxPool gives 0 NaN`);
  }, 120_000);
});

/**
 * npm's flat layout, from the repository's installs: the tarball unpacked as tfjs-torch-ops, then links to each named
 * package, to their dependencies (transitively, where the repository has them at the top level), and to this
 * package's required peers. A dependency the repository nests resolves from its parent's real path, as Node does.
 */
function installFromRepository(consumer: string, named: string[]): void {
  const modules = path.join(consumer, 'node_modules');
  const ours = path.join(modules, 'tfjs-torch-ops');
  fs.mkdirSync(ours, {recursive: true});
  execFileSync('tar', ['-xzf', packed.tarball, '-C', ours, '--strip-components=1']);
  const manifest = JSON.parse(fs.readFileSync(path.join(ours, 'package.json'), 'utf8'));
  const optional = manifest.peerDependenciesMeta ?? {};
  const queue = [
    ...named,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}).filter(p => !optional[p]?.optional),
  ];
  const linked = new Set<string>();
  while (queue.length) {
    const name = queue.shift()!;
    const source = path.join(INSTALLED, name);
    if (linked.has(name) || !fs.existsSync(path.join(source, 'package.json'))) continue;
    linked.add(name);
    fs.mkdirSync(path.dirname(path.join(modules, name)), {recursive: true});
    fs.symlinkSync(source, path.join(modules, name));
    const pkg = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
    const peerOptional = pkg.peerDependenciesMeta ?? {};
    queue.push(
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}).filter(p => !peerOptional[p]?.optional),
    );
  }
}
