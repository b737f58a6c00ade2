/**
 * A network link as an xstate actor: one per unordered pair of nodes — the cable between them —
 * holding its two directions as channels (src/net/channel.ts), each with its own random stream
 * `link/<from>→<to>`, delay model, loss and duplication. Each message a node hands to the link is
 * one event of the link actor (`{ type: 'send', dir, msg }`): its transition draws the message's
 * fate in that direction and posts the delivery on the kernel's queue (the channel and the message,
 * no closure); the delivery is one `send` to the receiving node's actor. One actor per cable rather
 * than per direction: a worker costs its own actor and one link actor, not two (an xstate actor
 * weighs ≈ 1.5 KB). The logic is one object for all links of a network; a link's state is its two
 * channel slots, filled by the network when a direction is first used.
 */
import { inPlace } from '../sim/logic.ts';
import type { Channel, Message } from './channel.ts';

export type { LinkConfig, Message, NetStats, TraceRecord } from './channel.ts';

/** A message handed to the link, in direction `dir` (0: the first sender's way, 1: back). */
export interface LinkEvent<M extends Message = Message> {
  readonly type: 'send';
  readonly dir: 0 | 1;
  readonly msg: M;
}

/** The link's two directions (a slot stays empty until its first message). */
export interface LinkState<M extends Message = Message> {
  readonly channels: [Channel<M> | undefined, Channel<M> | undefined];
}

/** The link actor's logic: one transition per message, in the channel of its direction. */
export function linkLogic<M extends Message>() {
  return inPlace(
    (state: LinkState<M>, event: LinkEvent<M>) => {
      state.channels[event.dir]!.send(event.msg);
    },
    (input: LinkState<M>) => input,
  );
}
