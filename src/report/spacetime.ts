/**
 * The space-time diagram of a run's event history (Lamport's message diagram; d3-node → SVG
 * string): one horizontal lane per node (labelled on the left), virtual time to the right, one
 * thin arrow per message from its send to its delivery — delivered (solid), dropped (dashed, an ×
 * where it was lost: at the send for a loss or a cut link, at the arrival for a partition that
 * cut it in flight), late (dotted: it reached a node that had already finished that step) —,
 * the nodes' steps (ticks), aggregations (dots), timeouts (rings), crashes (a cross, the lane
 * greyed after), bans (a red bar on the banned lane), the end of the run, and a highlighted
 * violation (a red band at its time, on its node's lane when it has one). `from`/`to` clip the
 * time window. Pure: history records in, SVG text out; readable at 20 nodes and a few hundred
 * messages (arrows are 0.6 px, lanes 22 px apart, a 10-tick time axis).
 */
import { D3Node } from 'd3-node';
import type { Sel } from './chart-types.ts';
import { STYLES } from './svg-style.ts';
import { textWidth } from './text.ts';

/**
 * A record of a run's event history as `trace.jsonl` holds it (the report reads what a run
 * wrote, not protocol code): the fields the diagram reads. Links write send/dup (with `at`, the
 * arrival), deliver and drop (`sent` when cut in flight); nodes write step, aggregate, timeout,
 * crash, ban (`target`) …; the run ends with `end` (`status`, `reason`).
 */
export interface TraceLine {
  readonly t: number;
  readonly ev: string;
  readonly from?: string;
  /** A link record's receiver (a re-send lists its receivers). */
  readonly to?: string | readonly string[];
  readonly kind?: string;
  readonly step?: number;
  readonly at?: number;
  readonly sent?: number;
  readonly node?: string;
  readonly target?: string;
  readonly used?: readonly string[];
  readonly timedOut?: boolean;
  readonly have?: number;
  readonly need?: number;
  readonly why?: string;
  readonly status?: string;
  readonly reason?: string;
}

export interface SpacetimeMark {
  /** Virtual time (ms) of what is highlighted. */
  readonly t: number;
  /** The node it happened at (the whole height when absent). */
  readonly node?: string;
  readonly label: string;
}

export interface SpacetimeOptions {
  readonly title: string;
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly violation?: SpacetimeMark;
}

/** A message as drawn: sent at `t` by `from`, arriving (or lost) at `at` at `to`. */
export interface MessageArrow {
  readonly from: string;
  readonly to: string;
  readonly t: number;
  readonly at: number;
  readonly kind: string;
  readonly step: number;
  readonly fate: 'delivered' | 'dropped' | 'late';
}

const LANE_H = 22;
const TOP = 44;
const RIGHT = 24;
const COLOURS = { delivered: '#0072B2', dropped: '#D55E00', late: '#CC79A7' } as const;

/** Natural order of node names: by prefix, then by number (s0, s1, …, s10, w0, …). */
export function laneOrder(nodes: Iterable<string>): string[] {
  const key = (id: string) => /^(\D*)(\d*)(.*)$/.exec(id)!;
  return [...new Set(nodes)].sort((a, b) => {
    const [, pa, na, ra] = key(a);
    const [, pb, nb, rb] = key(b);
    return pa !== pb ? (pa < pb ? -1 : 1) : na !== nb ? Number(na || -1) - Number(nb || -1) : ra < rb ? -1 : ra > rb ? 1 : 0;
  });
}

/** Every message of the history with its fate: sends and duplicates paired with their delivery or in-flight drop; drops at the send. */
export function messageArrows(records: readonly TraceLine[]): MessageArrow[] {
  const finished = new Map<string, { t: number; step: number }[]>();
  for (const r of records)
    if (r.ev === 'step' && r.node !== undefined) (finished.get(r.node) ?? finished.set(r.node, []).get(r.node)!).push({ t: r.t, step: r.step ?? 0 });
  const cutInFlight = new Set<string>();
  for (const r of records) if (r.ev === 'drop' && r.sent !== undefined) cutInFlight.add(`${r.from}|${r.to}|${r.kind}|${r.step}|${r.sent}|${r.t}`);
  const lateAt = (to: string, step: number, at: number) => (finished.get(to) ?? []).some((s) => s.step >= step && s.t < at);
  const out: MessageArrow[] = [];
  for (const r of records) {
    if (r.from === undefined || typeof r.to !== 'string') continue;
    const base = { from: r.from, to: r.to, t: r.t, kind: r.kind ?? '', step: r.step ?? 0 };
    if (r.ev === 'drop' && r.sent === undefined) out.push({ ...base, at: r.t, fate: 'dropped' });
    if ((r.ev !== 'send' && r.ev !== 'dup') || r.at === undefined) continue;
    const cut = cutInFlight.has(`${r.from}|${r.to}|${r.kind}|${r.step}|${r.t}|${r.at}`);
    out.push({ ...base, at: r.at, fate: cut ? 'dropped' : lateAt(base.to, base.step, r.at) ? 'late' : 'delivered' });
  }
  return out;
}

/** The nodes a history names: senders, receivers, and every node or target a record is about. */
function nodesOf(records: readonly TraceLine[]): string[] {
  const ids: string[] = [];
  for (const r of records) {
    if (r.ev !== 'filter' && r.from !== undefined && typeof r.to === 'string') ids.push(r.from, r.to);
    if (r.node !== undefined) ids.push(r.node);
    if (r.target !== undefined) ids.push(r.target);
  }
  return laneOrder(ids);
}

export function spacetime(records: readonly TraceLine[], opts: SpacetimeOptions): string {
  const lanes = nodesOf(records);
  const times = records.flatMap((r) => (r.at !== undefined ? [r.t, r.at] : [r.t]));
  const t0 = opts.fromMs ?? Math.min(0, ...times);
  const t1 = Math.max(opts.toMs ?? Math.max(t0 + 1, ...times), t0 + 1e-9);
  const inWindow = (t: number) => t >= t0 && t <= t1;
  const arrows = messageArrows(records).filter((a) => a.at >= t0 && a.t <= t1);
  const labelW = Math.max(40, ...lanes.map((l) => Math.ceil(textWidth(l, 11)) + 14));
  const plotW = Math.max(480, Math.min(1600, 4 * arrows.length + 200));
  const width = labelW + plotW + RIGHT;
  const height = TOP + Math.max(1, lanes.length) * LANE_H + 60;
  const d3n = new D3Node({ styles: STYLES });
  const d3 = d3n.d3;
  const svg = d3n.createSVG(width, height);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', 'white');
  svg.append('title').text(opts.title);
  svg.append('text').attr('class', 'title').attr('x', 8).attr('y', 18).attr('style', 'font-size:14px;font-weight:bold').text(opts.title);
  const x = d3
    .scaleLinear()
    .domain([t0, t1])
    .range([labelW, labelW + plotW]);
  const laneY = new Map(lanes.map((id, i) => [id, TOP + i * LANE_H + LANE_H / 2]));
  const crashedAt = new Map<string, number>();
  for (const r of records) if (r.ev === 'crash' && r.node !== undefined && !crashedAt.has(r.node)) crashedAt.set(r.node, r.t);
  drawLanes(svg, lanes, laneY, crashedAt, x, labelW, plotW);
  drawAxis(svg, x, x.ticks(10) as number[], [labelW, labelW + plotW], TOP + lanes.length * LANE_H + 4);
  drawArrows(svg, arrows, laneY, x);
  drawMarks(
    svg,
    records.filter((r) => inWindow(r.t)),
    laneY,
    x,
    TOP,
    TOP + lanes.length * LANE_H,
  );
  if (opts.violation) drawViolation(svg, opts.violation, laneY, x, TOP, lanes.length * LANE_H, width);
  drawLegend(svg, height - 16);
  return d3n.svgString();
}

function drawLanes(
  svg: Sel,
  lanes: readonly string[],
  laneY: ReadonlyMap<string, number>,
  crashedAt: ReadonlyMap<string, number>,
  x: (t: number) => number,
  labelW: number,
  plotW: number,
): void {
  const g = svg.append('g').attr('class', 'lanes');
  for (const id of lanes) {
    const y = laneY.get(id)!;
    const lane = g.append('g').attr('class', 'lane').attr('data-node', id);
    lane
      .append('text')
      .attr('class', 'lane-label')
      .attr('x', labelW - 8)
      .attr('y', y + 4)
      .attr('text-anchor', 'end')
      .text(id);
    const crash = crashedAt.get(id);
    const end = crash === undefined ? labelW + plotW : Math.max(labelW, Math.min(labelW + plotW, x(crash)));
    lane.append('line').attr('x1', labelW).attr('x2', end).attr('y1', y).attr('y2', y).attr('stroke', '#999').attr('stroke-width', 0.8);
    if (end < labelW + plotW)
      lane
        .append('line')
        .attr('class', 'crashed')
        .attr('x1', end)
        .attr('x2', labelW + plotW)
        .attr('y1', y)
        .attr('y2', y)
        .attr('stroke', '#ddd')
        .attr('stroke-dasharray', '2,3');
  }
}

/** The time axis under the lanes: ~10 ticks over [t0, t1]. */
function drawAxis(svg: Sel, x: (t: number) => number, ticks: readonly number[], range: readonly [number, number], y: number): void {
  const g = svg.append('g').attr('class', 'time-axis').attr('transform', `translate(0,${y})`);
  g.append('line').attr('x1', range[0]).attr('x2', range[1]).attr('y1', 0).attr('y2', 0).attr('stroke', '#333');
  for (const t of ticks) {
    const gx = x(t);
    g.append('line').attr('x1', gx).attr('x2', gx).attr('y1', 0).attr('y2', 5).attr('stroke', '#333');
    g.append('text')
      .attr('class', 'tick')
      .attr('x', gx)
      .attr('y', 16)
      .attr('text-anchor', 'middle')
      .text(String(Number(t.toPrecision(6))));
  }
  g.append('text')
    .attr('x', (range[0] + range[1]) / 2)
    .attr('y', 32)
    .attr('text-anchor', 'middle')
    .text('virtual time (ms)');
}

function drawArrows(svg: Sel, arrows: readonly MessageArrow[], laneY: ReadonlyMap<string, number>, x: (t: number) => number): void {
  const defs = svg.append('defs');
  for (const [fate, colour] of Object.entries(COLOURS))
    defs
      .append('marker')
      .attr('id', `head-${fate}`)
      .attr('viewBox', '0 0 6 6')
      .attr('refX', 6)
      .attr('refY', 3)
      .attr('markerWidth', 5)
      .attr('markerHeight', 5)
      .attr('orient', 'auto')
      .append('path')
      .attr('d', 'M0,0 L6,3 L0,6 z')
      .attr('fill', colour);
  const g = svg.append('g').attr('class', 'messages');
  for (const a of arrows) {
    const y1 = laneY.get(a.from)!;
    const y2 = laneY.get(a.to)!;
    const lostAtSend = a.fate === 'dropped' && a.at === a.t;
    const x1 = x(a.t);
    const x2 = lostAtSend ? x1 + 6 : x(a.at);
    const yEnd = lostAtSend ? y1 + (y2 - y1) * 0.35 : y2;
    const line = g
      .append('line')
      .attr('class', `msg ${a.fate}`)
      .attr('data-from', a.from)
      .attr('data-to', a.to)
      .attr('data-kind', a.kind)
      .attr('data-step', a.step)
      .attr('x1', x1)
      .attr('y1', y1)
      .attr('x2', x2)
      .attr('y2', yEnd)
      .attr('stroke', COLOURS[a.fate])
      .attr('stroke-width', 0.6);
    line.append('title').text(`${a.kind} step ${a.step}: ${a.from} → ${a.to}, sent ${a.t}, ${a.fate === 'dropped' ? 'lost' : 'arrived'} ${a.at} (${a.fate})`);
    if (a.fate === 'dropped') {
      line.attr('stroke-dasharray', '3,2');
      g.append('path')
        .attr('class', 'lost')
        .attr('d', `M${x2 - 3},${yEnd - 3} L${x2 + 3},${yEnd + 3} M${x2 - 3},${yEnd + 3} L${x2 + 3},${yEnd - 3}`)
        .attr('stroke', COLOURS.dropped)
        .attr('stroke-width', 1);
    } else {
      line.attr('marker-end', `url(#head-${a.fate})`);
      if (a.fate === 'late') line.attr('stroke-dasharray', '1,2');
    }
  }
}

function drawMarks(svg: Sel, records: readonly TraceLine[], laneY: ReadonlyMap<string, number>, x: (t: number) => number, top: number, bottom: number): void {
  const g = svg.append('g').attr('class', 'marks');
  for (const r of records) {
    const node = r.ev === 'ban' ? r.target : r.node;
    const y = node === undefined ? undefined : laneY.get(node);
    const cx = x(r.t);
    if (r.ev === 'end') {
      g.append('line')
        .attr('class', `end ${r.status}`)
        .attr('x1', cx)
        .attr('x2', cx)
        .attr('y1', top - 6)
        .attr('y2', bottom)
        .attr('stroke', '#333')
        .attr('stroke-dasharray', '4,2');
      g.append('text')
        .attr('x', cx)
        .attr('y', top - 9)
        .attr('text-anchor', 'end')
        .attr('style', 'font-size:10px')
        .text(`${r.status}${r.reason ? ` (${r.reason})` : ''}`);
      continue;
    }
    if (y === undefined) continue;
    if (r.ev === 'step')
      g.append('line')
        .attr('class', 'step')
        .attr('data-node', node)
        .attr('data-step', r.step)
        .attr('x1', cx)
        .attr('x2', cx)
        .attr('y1', y - 7)
        .attr('y2', y + 7)
        .attr('stroke', '#009E73')
        .attr('stroke-width', 1.5)
        .append('title')
        .text(`${node} finished step ${r.step}`);
    else if (r.ev === 'aggregate') mark(g, 'aggregate', node!, cx, y, 2.6, '#000', true, aggregateTitle(r));
    else if (r.ev === 'timeout') mark(g, 'timeout', node!, cx, y, 3.5, '#E69F00', false, `${node} timed out at step ${r.step} (${r.have}/${r.need})`);
    else if (r.ev === 'crash')
      g.append('path')
        .attr('class', 'crash')
        .attr('data-node', node)
        .attr('d', `M${cx - 5},${y - 5} L${cx + 5},${y + 5} M${cx - 5},${y + 5} L${cx + 5},${y - 5}`)
        .attr('stroke', '#000')
        .attr('stroke-width', 2);
    else if (r.ev === 'ban')
      g.append('rect')
        .attr('class', 'ban')
        .attr('data-node', node)
        .attr('x', cx - 1.5)
        .attr('y', y - 8)
        .attr('width', 3)
        .attr('height', 16)
        .attr('fill', '#D55E00')
        .append('title')
        .text(`${node} banned from step ${r.step}: ${r.why}`);
  }
}

function aggregateTitle(r: TraceLine): string {
  const used = r.used ?? [];
  return `${r.node} aggregated ${used.length} ${r.kind} at step ${r.step}${r.timedOut ? ' after a timeout' : ''}: ${used.join(', ')}`;
}

function mark(g: Sel, cls: string, node: string, cx: number, cy: number, r: number, colour: string, filled: boolean, title: string): void {
  g.append('circle')
    .attr('class', cls)
    .attr('data-node', node)
    .attr('cx', cx)
    .attr('cy', cy)
    .attr('r', r)
    .attr('fill', filled ? colour : 'none')
    .attr('stroke', colour)
    .append('title')
    .text(title);
}

function drawViolation(
  svg: Sel,
  v: SpacetimeMark,
  laneY: ReadonlyMap<string, number>,
  x: (t: number) => number,
  top: number,
  lanesH: number,
  width: number,
): void {
  const g = svg
    .append('g')
    .attr('class', 'violation')
    .attr('data-node', v.node ?? '');
  const y = v.node !== undefined ? laneY.get(v.node) : undefined;
  const cx = x(v.t);
  g.append('rect')
    .attr('x', cx - 4)
    .attr('width', 8)
    .attr('y', y === undefined ? top : y - LANE_H / 2)
    .attr('height', y === undefined ? lanesH : LANE_H)
    .attr('fill', '#D55E00')
    .attr('fill-opacity', 0.35)
    .attr('stroke', '#D55E00');
  const anchor = cx > width * 0.6 ? 'end' : 'start';
  g.append('text')
    .attr('x', anchor === 'end' ? cx - 8 : cx + 8)
    .attr('y', 34)
    .attr('text-anchor', anchor)
    .attr('fill', '#D55E00')
    .attr('style', 'font-size:11px;font-weight:bold')
    .text(`violation: ${v.label}`);
}

function drawLegend(svg: Sel, y: number): void {
  const g = svg.append('g').attr('class', 'legend').attr('transform', `translate(8,${y})`);
  const items: [string, string, string][] = [
    ['delivered', COLOURS.delivered, ''],
    ['dropped', COLOURS.dropped, '3,2'],
    ['late', COLOURS.late, '1,2'],
  ];
  let lx = 0;
  for (const [label, colour, dash] of items) {
    g.append('line')
      .attr('x1', lx)
      .attr('x2', lx + 18)
      .attr('y1', -4)
      .attr('y2', -4)
      .attr('stroke', colour)
      .attr('stroke-width', 1.2)
      .attr('stroke-dasharray', dash);
    g.append('text')
      .attr('x', lx + 22)
      .attr('y', 0)
      .text(label);
    lx += 30 + textWidth(label, 11);
  }
  g.append('text').attr('x', lx).attr('y', 0).text('| tick: step done · dot: aggregation · ring: timeout · ×: crash · red bar: ban');
}
