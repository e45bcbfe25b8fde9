/**
 * Keeps the README's main job runnable: `npm run example` must print PyTorch-identical results and exit 0, and print
 * only what it means to: its header, then its rows (no tfjs console banner on stdout or stderr).
 */
import {spawnSync} from 'child_process';
import * as path from 'path';

it('examples/quickstart.mjs reproduces PyTorch bit for bit, and prints nothing else', () => {
  const {status, stdout, stderr} = spawnSync(process.execPath, [path.join(__dirname, 'quickstart.mjs')], {
    encoding: 'utf8',
  });
  expect(status).toBe(0);
  expect(stdout).toContain("All 5 results are bit-identical to PyTorch's.");
  expect(stdout).not.toContain('MISMATCH');
  expect(stderr).toBe('');
  expect(stdout).not.toMatch(/TensorFlow\.js in Node\.js|={10,}/);
  // The header, one blank line, then the first row.
  expect(stdout.split('\n').slice(0, 3)).toEqual([
    expect.stringMatching(/^tfjs-torch-ops on tfjs 4\.\S+ \(cpu\) vs PyTorch /),
    '',
    expect.stringMatching(/^F\.avg_pool1d\(/),
  ]);
});
