/**
 * A step barrier: nodes report that they finished a step; the barrier releases the step's
 * reports once as many as `needed` arrived (e.g. every correct replica), so that one metrics row
 * is written per step when the nodes that matter have all finished it.
 */
export class StepBarrier<T> {
  private readonly pending = new Map<number, T[]>();

  /** Record `report` for `step`; returns all of the step's reports when this one completes it. */
  arrive(step: number, report: T, needed: number): T[] | undefined {
    const list = this.pending.get(step) ?? [];
    list.push(report);
    this.pending.set(step, list);
    if (list.length < needed) return undefined;
    this.pending.delete(step);
    return list;
  }

  /** After `needed` fell (a node crashed), the pending steps it now completes, in step order, each released once. */
  releaseReady(needed: (step: number) => number): T[][] {
    const ready = [...this.pending.keys()].sort((a, b) => a - b).filter((step) => this.pending.get(step)!.length >= needed(step));
    return ready.map((step) => {
      const list = this.pending.get(step)!;
      this.pending.delete(step);
      return list;
    });
  }
}
