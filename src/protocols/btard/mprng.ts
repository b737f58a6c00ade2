/**
 * The randomness all members share in a round (BTARD's multi-party random number generator,
 * simulated as a hash): once the m aggregates of round (t, r) are published, every member derives
 * the same seed from the run's seed and the digests of the aggregates — after every gradient was
 * committed, so no peer knows at commit time whether it will be validated. From it: whether the
 * round is validated (probability p), k validators drawn among *all* members (Byzantine ones
 * included) without replacement, each with a target drawn among the other members, and the
 * random direction zⱼ ~ N(0, I) of part j's check. Not simulated: the commit–reveal protocol that
 * makes a real MPRNG unbiasable, and an attacker grinding its aggregate to steer the seed.
 */
import { normal, shuffle, stream } from '../../sim/rng.ts';

export interface Validation {
  readonly validator: string;
  readonly target: string;
}

export interface RoundDraw {
  readonly validations: readonly Validation[];
  /** zⱼ (length len) and its norm. */
  readonly z: (j: number) => { readonly z: Float64Array; readonly norm: number };
}

/** Every member computes the same draws from the same inputs: they are computed once per round and shared (a simulation shortcut that changes no result). */
export class SharedDraws {
  private readonly memo = new Map<string, RoundDraw>();

  constructor(
    private readonly seed: number | string,
    private readonly validators: number,
    private readonly probability: number,
  ) {}

  draw(step: number, round: number, members: readonly string[], digest: string, len: number): RoundDraw {
    const key = `btard/mprng/${step}/${round}/${digest}`;
    let hit = this.memo.get(key);
    if (hit === undefined) {
      hit = this.make(key, members, len);
      this.memo.set(key, hit);
      if (this.memo.size > 32) this.memo.delete(this.memo.keys().next().value as string);
    }
    return hit;
  }

  private make(key: string, members: readonly string[], len: number): RoundDraw {
    const rng = stream(this.seed, key);
    const m = members.length;
    const validations: Validation[] = [];
    if (m >= 2 && rng() < this.probability) {
      const order = [...members];
      shuffle(order, rng);
      for (const validator of order.slice(0, Math.min(this.validators, m))) {
        const others = members.filter((id) => id !== validator);
        validations.push({ validator, target: others[Math.floor(rng() * others.length)] });
      }
    }
    const zs = new Map<number, { z: Float64Array; norm: number }>();
    const z = (j: number) => {
      let v = zs.get(j);
      if (v === undefined) {
        const r = stream(this.seed, `${key}/z/${j}`);
        const vec = Float64Array.from({ length: len }, () => normal(r));
        let sq = 0;
        for (const x of vec) sq += x * x;
        zs.set(j, (v = { z: vec, norm: Math.sqrt(sq) }));
      }
      return v;
    };
    return { validations, z };
  }
}
