import test from 'ava';
import { indexHtml } from '../../src/report/html.ts';

test('index.html: a stalled run says why it stalled (its stall code and detail from done.json); a completed run says nothing of it', (t) => {
  const html = indexHtml({
    title: 't',
    intro: 'i',
    facts: [],
    figures: [],
    table: { header: [], rows: [] },
    runs: [
      { label: 'sync, a worker crashed', seed: 1, stalled: true, stall: 'idle: no event left at 12 ms, 3 of 10 steps done', config: '{}' },
      { label: 'fine', seed: 1, stalled: false, config: '{}' },
    ],
  });
  t.regex(html, /sync, a worker crashed <span class="meta">— seed 1, stalled — idle: no event left at 12 ms, 3 of 10 steps done<\/span>/);
  t.regex(html, /fine <span class="meta">— seed 1<\/span>/);
});
