/** The privacy-mechanism registry (per-gradient mechanisms a worker applies before sending). */
import { gaussian } from './gaussian.ts';
import { noise } from './noise.ts';
import { sparsify } from './sparsify.ts';
import type { PrivacyMechanism } from './types.ts';

export type { PrivacyMechanism } from './types.ts';

export const PRIVACY: ReadonlyMap<string, PrivacyMechanism> = new Map<string, PrivacyMechanism>([gaussian, sparsify, noise].map((m) => [m.name, m]));
