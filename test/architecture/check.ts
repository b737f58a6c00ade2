/** `npm run arch`: print every architecture violation of the sources (rules.ts), exit 1 if any. */
import { buildGraph } from './graph.ts';
import { checkArchitecture, ROOTS } from './rules.ts';

const graph = buildGraph(process.cwd(), ROOTS);
const violations = checkArchitecture(graph);
for (const v of violations) console.log(`${v.rule}: ${v.detail}`);
console.log(`architecture: ${graph.files.length} files, ${graph.edges.length} imports, ${violations.length} violation(s)`);
process.exitCode = violations.length > 0 ? 1 : 0;
