import { z } from 'zod';
import type { ServerAttack } from './types.ts';

/**
 * Silent: the replica never sends anything (a crash from the start, or an omission adversary).
 *
 * Breaks: any protocol that waits for all n_ps replicas (it stalls). Guarantees: GuanYu waits for
 * q_ps ≤ n_ps − f_ps models, so f_ps silent replicas never block it; a LiuBei worker's pull from
 * it times out (the synchronous bound) and it pulls the next replica, at most f_ps + 1 pulls; the
 * gather waits for all n_ps models until its timeout, then takes MeaMed of the ≥ n_ps − f_ps it got.
 */
export const silent: ServerAttack = {
  name: 'silent',
  summary: 'never sends a message',
  breaks: 'protocols that wait for every replica; GuanYu’s quorums and LiuBei’s timeouts and retries hold',
  params: {},
  schema: z.object({}).strict(),
  create: () => ({ models: (_channel, _step, _own, to) => to.map(() => undefined), observe: () => {} }),
};
