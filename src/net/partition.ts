/**
 * Network partitions over time windows. During [fromMs, toMs) a message between two nodes
 * listed in different groups is lost; nodes listed in no group stay connected to everyone.
 */
export interface PartitionWindow {
  readonly fromMs: number;
  readonly toMs: number;
  readonly groups: readonly (readonly string[])[];
}

/** A predicate `(nowMs, from, to) → cut?` compiled from the windows. */
export function partitionPredicate(windows: readonly PartitionWindow[]): ((nowMs: number, from: string, to: string) => boolean) | undefined {
  if (windows.length === 0) return undefined;
  const compiled = windows.map((w) => {
    const groupOf = new Map<string, number>();
    w.groups.forEach((g, i) => g.forEach((node) => groupOf.set(node, i)));
    return { fromMs: w.fromMs, toMs: w.toMs, groupOf };
  });
  return (nowMs, from, to) => {
    for (const w of compiled) {
      if (nowMs < w.fromMs || nowMs >= w.toMs) continue;
      const a = w.groupOf.get(from);
      const b = w.groupOf.get(to);
      if (a !== undefined && b !== undefined && a !== b) return true;
    }
    return false;
  };
}
