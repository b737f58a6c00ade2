/** `byzsim privacy epsilon …` (RDP accountant) and `byzsim privacy dlg …` (gradient inversion). */
import type { Command } from 'commander';
import { checkAccountant, privacySpent } from '../privacy/rdp.ts';
import type { Conversion } from '../privacy/rdp.ts';
import { UserError } from './errors.ts';

function num(flag: string, v: string | undefined): number {
  if (v === undefined) throw new UserError(`privacy: ${flag} is required`);
  // accept fractions such as 256/60000 for --q
  const m = /^\s*([^/]+?)\s*\/\s*([^/]+?)\s*$/.exec(v);
  const x = m ? Number(m[1]) / Number(m[2]) : Number(v);
  if (!Number.isFinite(x)) throw new UserError(`privacy: ${flag} must be a number, got "${v}"`);
  return x;
}

interface EpsilonFlags {
  sigma?: string;
  q?: string;
  steps?: string;
  delta?: string;
  conversion: string;
  json?: boolean;
}

function epsilonCommand(privacy: Command): void {
  privacy
    .command('epsilon')
    .description('ε after T steps of the sampled Gaussian mechanism (RDP accountant, as Opacus)')
    .option('--sigma <s>', 'noise multiplier σ (noise std / clipping norm)')
    .option('--q <q>', 'sampling rate q (e.g. 256/60000)')
    .option('--steps <T>', 'number of steps T')
    .option('--delta <d>', 'target δ')
    .option('--conversion <c>', 'RDP → (ε, δ): balle (Opacus) | tf-privacy (Mironov 2017)', 'balle')
    .option('--json', 'print {"epsilon", "order", "delta", …} as JSON')
    .action((flags: EpsilonFlags) => {
      const sigma = num('--sigma', flags.sigma);
      const q = num('--q', flags.q);
      const steps = num('--steps', flags.steps);
      const delta = num('--delta', flags.delta);
      const bad = checkAccountant(sigma, q, steps, delta);
      if (bad) throw new UserError(`privacy epsilon: ${bad}`);
      if (flags.conversion !== 'balle' && flags.conversion !== 'tf-privacy')
        throw new UserError(`privacy epsilon: --conversion must be balle or tf-privacy, got "${flags.conversion}"`);
      const spent = privacySpent([{ q, sigma, steps }], delta, { conversion: flags.conversion as Conversion });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify({ epsilon: spent.epsilon, order: spent.order, delta, sigma, q, steps, conversion: flags.conversion })}\n`);
        return;
      }
      process.stdout.write(`${spent.epsilon}\n`);
      const edge = spent.atEdge ? ' (optimum at the edge of the orders: the bound may be loose)' : '';
      process.stderr.write(`ε = ${spent.epsilon.toFixed(4)} at order α = ${spent.order}, δ = ${delta}, ${flags.conversion} conversion${edge}\n`);
    });
}

export function register(program: Command): void {
  const privacy = program.command('privacy').description('privacy accounting and the gradient-inversion attack');
  epsilonCommand(privacy);
}
