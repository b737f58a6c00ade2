/** The registry of BTARD's Byzantine peer behaviours (`btard.byzantine`), one per file. */
import { covertAggregate } from './covert-aggregate.ts';
import { falseAccusation } from './false-accusation.ts';
import { falseCheck } from './false-check.ts';
import { silent } from './silent.ts';
import type { PeerBehaviour } from './types.ts';
import { wrongAggregate } from './wrong-aggregate.ts';

export type { BehaviourParams, Deviation, PeerBehaviour } from './types.ts';

export const PEER_BEHAVIOURS: ReadonlyMap<string, PeerBehaviour> = new Map(
  [wrongAggregate, covertAggregate, falseAccusation, falseCheck, silent].map((b) => [b.name, b]),
);
