/**
 * Starting xstate actors on the virtual clock. xstate re-throws unhandled actor errors on real
 * timers, outside our control; every actor started here has an error observer that records
 * the error and stops the kernel, so the run fails loudly and deterministically instead.
 */
import { createActor, type Actor, type EventObject } from 'xstate';
import type { Kernel } from './kernel.ts';
import type { InPlaceLogic } from './logic.ts';

export class ActorFailure extends Error {
  override readonly name = 'ActorFailure';
}

/** Create and start `logic` as the actor named `id` (our name, never xstate's session id). */
export function startActor<S, E extends EventObject>(kernel: Kernel, id: string, logic: InPlaceLogic<S, E>, failures: Error[]): Actor<InPlaceLogic<S, E>> {
  const actor = createActor(logic, { clock: kernel.clock, id });
  actor.subscribe({
    error(err) {
      failures.push(new ActorFailure(`actor ${id}: ${(err as Error)?.message ?? String(err)}`, { cause: err }));
      kernel.stop();
    },
  });
  actor.start();
  return actor;
}
