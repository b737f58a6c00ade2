/**
 * The shipped scenarios, shortened, whose metrics were recorded before the protocol runtime
 * refactor (test/golden/fixtures/<scenario>/<slug>.jsonl). A change that is meant to keep
 * behaviour (a refactor, a faster kernel) must reproduce them byte for byte; a change that
 * is meant to alter results re-records them (`node --import tsx test/golden/record.ts`) and
 * says why in its commit message.
 */
export const GOLDEN = [
  { scenario: 'quickstart', steps: 8 },
  { scenario: 'synchrony', steps: 6 },
  { scenario: 'seed000-small', steps: 4 },
  { scenario: 'seed000-svm', steps: 6 },
  { scenario: 'seed000-cnn', steps: 2 },
  { scenario: 'guanyu', steps: 6 },
  { scenario: 'seed003-small', steps: 6 },
] as const;

export const goldenDir = (scenario: string) => `test/golden/fixtures/${scenario}`;

/** The CLI arguments that produce a golden run into `out`. */
export const goldenArgs = (g: (typeof GOLDEN)[number], out: string) => [
  'run',
  `scenarios/${g.scenario}.yaml`,
  '--steps',
  String(g.steps),
  '--out',
  out,
  '--no-report',
];
