/**
 * `byzsim replay <case.json>`: re-execute a case a fuzzer wrote (`fuzz gar` or `fuzz protocol`)
 * deterministically and report its violation again — exit 1 when it comes back, 0 when the case
 * holds now; a file that is unreadable or of the wrong shape is a one-line error (exit 2,
 * scenario/checks/cases.ts). `byzsim fuzz replay` (a GAR case's ratio) and `byzsim fuzz protocol
 * --replay` stay as they were.
 */
import type { Command } from 'commander';
import { replay, type GarReplay, type ProtocolReplay, type RegistryReplay } from '../fuzz/replay.ts';
import { readAnyCase } from '../scenario/checks/cases.ts';
import { UserError } from './errors.ts';
import { printJson } from './json.ts';

export function register(program: Command): void {
  program
    .command('replay')
    .description('re-run a case written by `fuzz gar` or `fuzz protocol` and report its violation again (exit 1 if it comes back)')
    .argument('<case>', 'JSON case file')
    .option('--json', 'print the case, the verdict and the violation as JSON')
    .action(async (file: string, flags: { json?: boolean }) => {
      const r = await replay(readAnyCase(file, (msg) => new UserError(msg)));
      if (flags.json) printJson(replayJson(r));
      else process.stdout.write(replayText(r));
      if (r.violated) process.exitCode = 1;
    });
}

const fmt = (x: number) =>
  Number.isFinite(x) ? (Math.abs(x) >= 1e5 || (x !== 0 && Math.abs(x) < 1e-3) ? x.toExponential(3) : String(Number(x.toPrecision(4)))) : String(x);

function replayText(r: GarReplay | ProtocolReplay | RegistryReplay): string {
  if (r.kind === 'registry') return registryText(r);
  if (r.kind === 'gar') {
    const c = r.case;
    const head = `replay gar ${c.rule} n=${c.n} f=${c.f}: ratio ${fmt(r.ratio)} (recorded ${fmt(r.recorded)}) on S = [${r.subset.join(', ')}]`;
    if (r.threshold === undefined && !r.unbounded) return `${head}\n  no threshold recorded in the case: nothing to judge\n`;
    const why = r.unbounded ? 'UNBOUNDED: the ratio grows with the adversary’s distance' : `ratio ${fmt(r.ratio)} > ${fmt(r.threshold!)}`;
    return r.violated ? `${head}\n  VIOLATION: ${why}\n` : `${head}\n  held: ratio ≤ ${fmt(r.threshold ?? Infinity)} now\n`;
  }
  const s = r.case.spec;
  const head = `replay protocol ${r.case.protocol} ${s.policy} n=${s.n} f=${s.f} q=${s.quorum} timeout=${s.timeoutMs ?? '-'} loss=${s.lossRate} dup=${s.duplicationRate} steps=${s.steps}`;
  const v = r.violation;
  if (!v) return `${head}\n  held: no violation now\n`;
  const line = `VIOLATION of ${v.property}${v.step !== undefined ? ` at step ${v.step}` : ''}: ${v.detail}`;
  const other = r.violated ? '' : ` (the case recorded ${r.case.violation?.property})`;
  return `${head}\n  ${line}${other}\n`;
}

/** A registry protocol's case: its first violation again (or that it holds now). */
function registryText(r: RegistryReplay): string {
  const c = r.case;
  const head = `replay protocol ${c.protocol}${c.unsafe ? ' (outside its assumptions: unsafe)' : ''}: choice ${c.case.choice}, ${c.case.delays.length} delays, ${c.case.crashes.length} crashes${c.case.serverCrashes?.length ? `, ${c.case.serverCrashes.length} replica crashes` : ''}, seed ${c.case.seed}`;
  const v = r.violations.find((x) => x.property === c.violation?.property) ?? r.violations[0];
  if (!v) return `${head}\n  held: no violation now\n`;
  const other = r.violated ? '' : ` (the case recorded ${c.violation?.property})`;
  return `${head}\n  VIOLATION of ${v.property}${v.step !== undefined ? ` at step ${v.step}` : ''}${v.node ? ` (${v.node})` : ''}: ${v.detail}${other}\n`;
}

function replayJson(r: GarReplay | ProtocolReplay | RegistryReplay) {
  if (r.kind === 'registry')
    return {
      kind: 'protocol',
      protocol: r.case.protocol,
      unsafe: r.case.unsafe,
      case: r.case.case,
      violations: r.violations,
      recorded: r.case.violation ?? null,
      violated: r.violated,
    };
  if (r.kind === 'gar') {
    const c = r.case;
    return {
      kind: 'gar',
      rule: c.rule,
      n: c.n,
      f: c.f,
      ratio: r.ratio,
      recorded: r.recorded,
      subset: r.subset,
      threshold: r.threshold ?? null,
      unbounded: r.unbounded,
      violated: r.violated,
    };
  }
  return {
    kind: 'protocol',
    protocol: r.case.protocol,
    spec: r.case.spec,
    case: r.case.case,
    violation: r.violation ?? null,
    recorded: r.case.violation ?? null,
    violated: r.violated,
  };
}
