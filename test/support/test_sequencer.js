// jest's testSequencer (jest.config.js): the longest test files start first, so that jest's two workers finish
// together instead of one of them starting a long browser suite when the other is done. Jest's own order uses the
// durations it cached from an earlier run of this checkout, and file sizes on a fresh one, where a short file that
// drives Chromium for minutes would start last. LONGEST lists the long ones, longest first (from the per-file times
// of `npm test`, jest --json, scaled by the work each file does now); every other file follows in jest's own order.
const Sequencer = require('@jest/test-sequencer').default;

const LONGEST = [
  'examples/torchvision/browser.test.ts',
  'test/browser/parity_max.test.ts',
  'examples/torchvision/torchvision.test.ts',
  'test/browser/parity_lp.test.ts',
  'test/browser/sweep.test.ts',
  'test/browser/parity_avg.test.ts',
  'test/browser/parity_adaptive_avg.test.ts',
  'test/browser/max_kernels.test.ts',
  'test/browser/kit.test.ts',
  'test/kernels/box_simd.test.ts',
  'test/browser/bounded_loops.test.ts',
  'examples/port-pytorch-model/demo.test.ts',
];

class LongestFirst extends Sequencer {
  async sort(tests) {
    const rank = test => {
      const relative = test.path
        .slice(test.context.config.rootDir.length + 1)
        .split('\\')
        .join('/');
      const i = LONGEST.indexOf(relative);
      return i === -1 ? LONGEST.length : i;
    };
    const rest = await super.sort(tests.filter(t => rank(t) === LONGEST.length));
    return [...tests.filter(t => rank(t) < LONGEST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}

module.exports = LongestFirst;
