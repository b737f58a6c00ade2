/**
 * The roles table of a run: every node a protocol has, with its name (what links, partitions,
 * faults and traces use), its role, its index within the role and whether the scenario made it
 * Byzantine. Names ↔ indices go through this table, never through parsing an id.
 *
 * `byzantine` is the simulation's ground truth: the harness reads it to give a node its
 * behaviour and metrics read it to count what reached honest state; a protocol's decisions
 * (who to trust, whom to ban) must come from the messages a real node sees, never from it.
 */

export interface NodeSpec<R extends string = string> {
  readonly id: string;
  readonly role: R;
  /** Index within the role (0-based): worker 3 is `w3`'s row. */
  readonly index: number;
  readonly byzantine: boolean;
}

/** `count` nodes of `role` named `prefix0 … prefix{count−1}`, the last `byzantine` of them Byzantine. */
export function numbered<R extends string>(role: R, prefix: string, count: number, byzantine: number): NodeSpec<R>[] {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, role, index: i, byzantine: i >= count - byzantine }));
}

export class Roles<R extends string = string> {
  private readonly byId = new Map<string, NodeSpec<R>>();
  private readonly byRole = new Map<R, NodeSpec<R>[]>();

  constructor(readonly nodes: readonly NodeSpec<R>[]) {
    for (const n of nodes) {
      if (this.byId.has(n.id)) throw new Error(`roles: node ${n.id} listed twice`);
      this.byId.set(n.id, n);
      const list = this.byRole.get(n.role) ?? [];
      if (list.length !== n.index) throw new Error(`roles: ${n.id} has index ${n.index}, expected ${list.length} in role ${n.role}`);
      list.push(n);
      this.byRole.set(n.role, list);
    }
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  of(id: string): NodeSpec<R> {
    const n = this.byId.get(id);
    if (n === undefined) throw new Error(`roles: no node ${id}`);
    return n;
  }

  /** The nodes of `role`, in index order. */
  members(role: R): readonly NodeSpec<R>[] {
    return this.byRole.get(role) ?? [];
  }

  /** The names of the nodes of `role`, in index order. */
  ids(role: R): string[] {
    return this.members(role).map((n) => n.id);
  }

  /** The node of `role` with index `i`. */
  at(role: R, i: number): NodeSpec<R> {
    const n = this.members(role)[i];
    if (n === undefined) throw new Error(`roles: no ${role} ${i}`);
    return n;
  }

  isByzantine(id: string): boolean {
    return this.of(id).byzantine;
  }
}

/** One line naming a node table for messages: `server, w0 … w10`. */
export function describeNodes(nodes: readonly NodeSpec[]): string {
  const groups: NodeSpec[][] = [];
  for (const n of nodes) {
    const last = groups.at(-1);
    if (last !== undefined && last[0].role === n.role) last.push(n);
    else groups.push([n]);
  }
  return groups.map((g) => (g.length > 2 ? `${g[0].id} … ${g.at(-1)!.id}` : g.map((n) => n.id).join(', '))).join(', ');
}
