/**
 * The order a sweep hands its configurations out in (to the local job threads, or to the
 * queue): the most expensive first — longest-processing-time-first list scheduling (Graham,
 * "Bounds on multiprocessing timing anomalies", SIAM J. Appl. Math. 17(2), 1969: a makespan
 * within 4/3 − 1/(3m) of the optimum on m machines, against 2 − 1/m for an arbitrary order).
 * In plan order a sweep whose largest configurations come last (a grid's last key is often the
 * batch size) ends with one of them running alone while the other cores idle; longest first,
 * the ones left at the end are the short ones.
 *
 * The cost of a configuration is estimated as steps × workers.n × workers.batch: the examples
 * its workers' gradients read over the run, which is what grows a configuration's compute
 * (an estimate used for the order only; ties keep the plan order). Only the order in which
 * configurations start changes: each one's files are the same bytes whichever thread runs it,
 * and when (test/sweep/jobs.test.ts), and summaries, plan.json and the report keep the plan's order.
 */
import type { ConfigJob } from './run-config.ts';

/** steps × workers.n × workers.batch of a configuration (the examples its gradients read). */
export function costEstimate(job: ConfigJob): number {
  const { steps, workers } = job.config;
  return steps * workers.n * workers.batch;
}

/** The jobs by decreasing cost estimate, plan order among equal ones (a new array). */
export function longestFirst(jobs: readonly ConfigJob[]): ConfigJob[] {
  return jobs
    .map((job, k) => ({ job, k, cost: costEstimate(job) }))
    .sort((a, b) => b.cost - a.cost || a.k - b.k)
    .map((e) => e.job);
}
