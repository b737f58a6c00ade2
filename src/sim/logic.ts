/**
 * `inPlace(transition, initial)`: xstate v5 actor logic whose transition updates the actor's
 * state object in place and returns the same snapshot. It is `fromTransition` without the
 * snapshot copy per event: measured on this machine, 6.4 M events/s against 1.6 M/s for
 * `fromTransition` and ≈ 0.25 M/s for a `createMachine` statechart — links, workers and servers
 * handle one event per message, so this is the simulator's hot path.
 *
 * The state is private to the actor (each actor's state is made by `initial` from the actor's
 * xstate `input`, so one logic object can serve many actors), and nothing outside reads
 * snapshots between events except observers we own, so mutating it is safe. Everything else —
 * mailbox, run-to-completion, error capture, `getSnapshot()`, the injected clock — is xstate's.
 */
import type { ActorLogic, ActorScope, ActorSystem, EventObject, Snapshot } from 'xstate';

export type InPlaceSnapshot<S> = Snapshot<undefined> & { context: S };

/** The logic `inPlace` makes: state S, events E, input I. */
export type InPlaceLogic<S, E extends EventObject, I = undefined> = ActorLogic<InPlaceSnapshot<S>, E, I, ActorSystem<any>>;

export function inPlace<S, E extends EventObject, I = undefined>(
  transition: (state: S, event: E, scope: ActorScope<InPlaceSnapshot<S>, E>) => void,
  initial: (input: I) => S,
): InPlaceLogic<S, E, I> {
  return {
    config: transition,
    transition(snapshot, event, scope) {
      transition(snapshot.context, event, scope);
      return snapshot;
    },
    getInitialSnapshot: (_scope, input) => ({ status: 'active', output: undefined, error: undefined, context: initial(input) }) as InPlaceSnapshot<S>,
    getPersistedSnapshot: (snapshot) => snapshot,
  };
}
