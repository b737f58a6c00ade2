import test from 'ava';
import { execFile, execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { scenarioFile, tempDir } from '../e2e/cli.ts';
import { gridDoc } from './helpers.ts';

const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// `script` (util-linux) gives the run a pseudo-terminal, as a user's shell would.
(hasScript ? test : test.skip)('on a terminal: a bar with configurations, steps, elapsed and ETA; Ctrl-C restores the cursor', async (t) => {
  const out = tempDir();
  const file = scenarioFile({ ...gridDoc({ steps: 4000, n: 7 }), grid: undefined, name: 'long', evalEvery: 4000 });
  const metrics = join(out, 'long', 'metrics.jsonl');
  const sh = join(out, 'ctrl-c.sh');
  writeFileSync(
    sh,
    [
      `node --import tsx src/cli/main.ts run '${file}' --out '${out}' --no-report & pid=$!`,
      `while [ ! -s '${metrics}' ]; do sleep 0.2; done; sleep 1`,
      'kill -INT $pid; wait $pid; echo EXIT=$?',
    ].join('\n'),
  );
  const { stdout } = await promisify(execFile)('script', ['-qfec', `sh '${sh}'`, '/dev/null'], { maxBuffer: 1 << 26 });
  t.true(stdout.includes('\x1b[?25l'), 'cursor hidden while the bar runs');
  t.regex(stdout, / 0\/1 configurations \| \d+\/4000 steps \| \d+m\d\ds elapsed \| ETA (\d+h\d\dm|\d+m\d\ds) \| long/); // minutes and hours: a loaded machine is slow, the format is what is tested
  const shown = stdout.lastIndexOf('\x1b[?25h');
  t.true(shown > stdout.lastIndexOf('\x1b[?25l'), 'cursor shown again after the last hide');
  t.regex(stdout.slice(shown), /byzsim: SIGINT: stopping; finished configurations are kept/);
  t.regex(stdout, /EXIT=130/);
});
