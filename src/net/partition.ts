/**
 * Network partitions over time windows [fromMs, toMs).
 * - Two-way (`groups`): a message between nodes listed in different groups is lost; nodes listed
 *   in no group stay connected to everyone.
 * - One-way (`from`, `to`): a message from a node of `from` to a node of `to` is lost; the other
 *   direction flows.
 * A message *sent* while its window is open is lost. `inFlight` says what happens to the
 * messages already on the wire when the window opens (sent before `fromMs`, arriving at or after
 * it): `deliver` (the default) lets them arrive, `drop` loses them on arrival.
 */
export interface PartitionWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly groups?: readonly (readonly string[])[];
  readonly from?: readonly string[];
  readonly to?: readonly string[];
  readonly inFlight?: 'drop' | 'deliver';
}

type Cut = (nowMs: number, from: string, to: string) => boolean;

export interface PartitionPredicates {
  /** Is a message sent now from → to lost? */
  readonly cut: Cut;
  /** Is a message sent at `sentMs` lost on arriving at `nowMs` (a window with `inFlight: drop` opened meanwhile)? */
  readonly cutInFlight?: (sentMs: number, nowMs: number, from: string, to: string) => boolean;
}

interface Compiled {
  readonly fromMs: number;
  readonly toMs: number;
  readonly separates: (from: string, to: string) => boolean;
  readonly dropInFlight: boolean;
}

function compile(w: PartitionWindow): Compiled {
  const base = { fromMs: w.fromMs, toMs: w.toMs, dropInFlight: w.inFlight === 'drop' };
  if (w.from !== undefined || w.to !== undefined) {
    const src = new Set(w.from ?? []);
    const dst = new Set(w.to ?? []);
    return { ...base, separates: (from, to) => src.has(from) && dst.has(to) };
  }
  const groupOf = new Map<string, number>();
  (w.groups ?? []).forEach((g, i) => g.forEach((node) => groupOf.set(node, i)));
  return {
    ...base,
    separates: (from, to) => {
      const a = groupOf.get(from);
      const b = groupOf.get(to);
      return a !== undefined && b !== undefined && a !== b;
    },
  };
}

/** The predicates compiled from the windows (undefined when there is none). */
export function partitionPredicates(windows: readonly PartitionWindow[]): PartitionPredicates | undefined {
  if (windows.length === 0) return undefined;
  const compiled = windows.map(compile);
  const cut: Cut = (nowMs, from, to) => compiled.some((w) => nowMs >= w.fromMs && nowMs < w.toMs && w.separates(from, to));
  const dropping = compiled.filter((w) => w.dropInFlight);
  if (dropping.length === 0) return { cut };
  return { cut, cutInFlight: (sentMs, nowMs, from, to) => dropping.some((w) => sentMs < w.fromMs && nowMs >= w.fromMs && w.separates(from, to)) };
}
