/**
 * Starting xstate actors on the virtual clock. xstate re-throws unhandled actor errors on real
 * timers, outside our control; every actor started here has an error observer that records
 * the error and stops the kernel, so the run fails loudly and deterministically instead.
 *
 * All the actors of one kernel belong to one xstate actor system: each is started with the
 * kernel's root actor as its `parent`, so it shares the root's system (its registry, scheduler
 * and clock) instead of building its own — a root actor with its own system weighs ≈ 3.6 KB, one
 * that shares it ≈ 1.5 KB, and a simulation holds one per node and per link. An actor's error
 * reaches the root as xstate's `xstate.error.actor.<id>` event (a child with a parent and no
 * observer does not re-throw it); the root records it and stops the kernel — one observer for the
 * whole system instead of one per actor (≈ 250 bytes each).
 */
import { createActor, type Actor, type AnyActorRef, type EventObject } from 'xstate';
import type { Kernel } from './kernel.ts';
import { inPlace, type InPlaceLogic } from './logic.ts';

export class ActorFailure extends Error {
  override readonly name = 'ActorFailure';
}

const ERROR_EVENT = 'xstate.error.actor.';

interface Root {
  readonly actor: AnyActorRef;
  readonly failures: Error[];
}

const roots = new WeakMap<Kernel, Root>();

/** The root of `kernel`'s actor system (created on first use): it records its children's errors in `failures`. */
function rootOf(kernel: Kernel, failures: Error[]): AnyActorRef {
  let root = roots.get(kernel);
  if (root === undefined) {
    const logic = inPlace(
      (_s: undefined, event: { type: string; error?: unknown }) => {
        if (!event.type.startsWith(ERROR_EVENT)) return;
        const err = event.error;
        failures.push(new ActorFailure(`actor ${event.type.slice(ERROR_EVENT.length)}: ${(err as Error)?.message ?? String(err)}`, { cause: err }));
        kernel.stop();
      },
      () => undefined,
    );
    root = { actor: createActor(logic, { clock: kernel.clock, id: 'root' }), failures };
    root.actor.start();
    roots.set(kernel, root);
  }
  if (root.failures !== failures) throw new Error('startActor: one failures list per kernel');
  return root.actor;
}

/** Create and start `logic` as the actor named `id` (our name, never xstate's session id), its state made from `input`. */
export function startActor<S, E extends EventObject, I = undefined>(
  kernel: Kernel,
  id: string,
  logic: InPlaceLogic<S, E, I>,
  failures: Error[],
  input?: I,
): Actor<InPlaceLogic<S, E, I>> {
  const actor = createActor(logic, { clock: kernel.clock, id, parent: rootOf(kernel, failures), input } as never) as Actor<InPlaceLogic<S, E, I>>;
  actor.start();
  return actor;
}
