/** Keeps the README's main job runnable: `npm run example` must print PyTorch-identical results and exit 0. */
import {execFileSync} from 'child_process';
import * as path from 'path';

it('examples/quickstart.mjs reproduces PyTorch bit for bit', () => {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'quickstart.mjs')], {encoding: 'utf8'});
  expect(out).toContain('All 5 results are bit-identical to PyTorch\'s.');
  expect(out).not.toContain('MISMATCH');
});
