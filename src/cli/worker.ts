/**
 * `byzsim worker --queue redis://host:port/db [--jobs N]`: run sweep configurations queued by
 * `byzsim run --queue` (from any machine with the same code), until Ctrl-C / SIGTERM: the
 * first signal lets running jobs finish, a second one leaves at once (their jobs are retried
 * by another worker once their lock expires).
 */
import { availableParallelism } from 'node:os';
import type { Command } from 'commander';
import { UserError } from './errors.ts';

export function register(program: Command): void {
  program
    .command('worker')
    .description('run configurations queued with `byzsim run --queue` (BullMQ on Redis), until interrupted')
    .requiredOption('--queue <url>', 'the Redis the sweeps queue on: redis://host:port/db')
    .option('--jobs <n>', 'configurations run at once (default: the number of cores)')
    .option('--lock-ms <ms>', "job lock duration: a killed worker's job is retried elsewhere after about this long", '30000')
    .action(async (flags: { queue: string; jobs?: string; lockMs: string }) => {
      const jobs = flags.jobs === undefined ? availableParallelism() : intFlag('--jobs', flags.jobs, 1);
      const lockMs = intFlag('--lock-ms', flags.lockMs, 1000);
      const { checkQueueUrl } = await import('../sweep/queue-job.ts');
      const bad = checkQueueUrl(flags.queue);
      if (bad) throw new UserError(`--queue: ${bad}`);
      const { startQueueWorker } = await import('../sweep/queue-worker.ts');
      const { createStopFlag } = await import('../sweep/stop-flag.ts');
      const log = (line: string) => process.stderr.write(`byzsim worker: ${line}\n`);
      const worker = await startQueueWorker({
        url: flags.queue,
        jobs,
        lockMs,
        stop: createStopFlag(),
        log,
        now: () => performance.now(), // wall-clock-ok: the result's wall time only
      }).catch((e: Error) => {
        throw new UserError(e.message.startsWith('--queue') ? e.message : `--queue: ${e.message}`);
      });
      log(`byzsim ${worker.version}, ${jobs} job${jobs > 1 ? 's' : ''} at once, waiting on ${flags.queue}`);
      await new Promise<void>((resolve) => {
        const leave = () => {
          log('stopping now; running jobs will be retried elsewhere');
          process.exit(130);
        };
        const drain = () => {
          log('finishing running jobs (interrupt again to leave now)');
          process.once('SIGINT', leave);
          process.once('SIGTERM', leave);
          void worker.close().then(resolve);
        };
        process.once('SIGINT', drain);
        process.once('SIGTERM', drain);
      });
    });
}

function intFlag(name: string, value: string, min: number): number {
  const v = Number(value);
  if (!Number.isInteger(v) || v < min) throw new UserError(`${name}: ${value} — must be an integer ≥ ${min}`);
  return v;
}
