/**
 * Starting xstate actors on the virtual clock. xstate re-throws unhandled actor errors on real
 * timers, outside our control; every actor started here has an error observer that records
 * the error and stops the kernel, so the run fails loudly and deterministically instead.
 *
 * All the actors of one kernel belong to one xstate actor system: each is started with the
 * kernel's root actor as its `parent`, so it shares the root's system (its registry, scheduler
 * and clock) instead of building its own — a root actor with its own system weighs ≈ 3.6 KB, one
 * that shares it ≈ 1.7 KB, and a simulation holds one per node. The root does nothing but exist
 * (errors its children relay to it are already recorded through their observers).
 */
import { createActor, type Actor, type AnyActorRef, type EventObject } from 'xstate';
import type { Kernel } from './kernel.ts';
import { inPlace, type InPlaceLogic } from './logic.ts';

export class ActorFailure extends Error {
  override readonly name = 'ActorFailure';
}

const roots = new WeakMap<Kernel, AnyActorRef>();

/** The root of `kernel`'s actor system (created on first use). */
function rootOf(kernel: Kernel): AnyActorRef {
  let root = roots.get(kernel);
  if (root === undefined) {
    root = createActor(inPlace(() => {}, () => undefined), { clock: kernel.clock, id: 'root' });
    root.start();
    roots.set(kernel, root);
  }
  return root;
}

/** Create and start `logic` as the actor named `id` (our name, never xstate's session id), its state made from `input`. */
export function startActor<S, E extends EventObject, I = undefined>(kernel: Kernel, id: string, logic: InPlaceLogic<S, E, I>, failures: Error[], input?: I): Actor<InPlaceLogic<S, E, I>> {
  const actor = createActor(logic, { clock: kernel.clock, id, parent: rootOf(kernel), input } as never) as Actor<InPlaceLogic<S, E, I>>;
  actor.subscribe({
    error(err) {
      failures.push(new ActorFailure(`actor ${id}: ${(err as Error)?.message ?? String(err)}`, { cause: err }));
      kernel.stop();
    },
  });
  actor.start();
  return actor;
}
