/**
 * Named random streams by the thousand, in a few typed arrays: the network's channels draw from
 * one table (a stream per direction of each link) instead of holding one closure and one object
 * per stream. Stream k is the same stream as `stream(seed, name)` (src/sim/rng.ts) for the name
 * the table's `seedText(k)` builds — seedrandom's ARC4 keyed with `byzsim:<seed>:<name>`, each
 * draw its `quick()`: four output bytes, most significant first, over 2³² — bit for bit.
 *
 * What a stream costs: before its first draw, 6 bytes (its slot and i, j); on its first draw
 * seedrandom builds the generator (key schedule, RC4-drop[256]) and the table keeps its 256-byte
 * permutation in a 64 KiB slab shared by 256 streams, and lets seedrandom's objects go. Its name
 * is built only then, from whatever the owner keeps anyway (the channel's two node names).
 */
import seedrandom from 'seedrandom';

const WIDTH = 256;
/** Streams per slab: one 64 KiB buffer holds the ARC4 permutations of 256 streams. */
const SLAB_STREAMS = 256;

export class StreamTable {
  private readonly slabs: Uint8Array[] = [];
  /** Streams drawn from so far (the next slot). */
  private drawn = 0;
  /** By stream: its slot in the slabs (−1 until its first draw), and ARC4's i and j. */
  private slot = new Int32Array(16);
  private ij = new Uint8Array(32);
  private n = 0;
  private cursor = 0;
  /** The uniform generator of the stream `rng(k)` last named (what delay models take). */
  private readonly next = () => this.draw(this.cursor);

  /** `seedText(k)`: the seed text of stream k (`byzsim:<seed>:<name>`), asked once, at its first draw. */
  constructor(private readonly seedText: (k: number) => string) {}

  get size(): number {
    return this.n;
  }

  /** Add a stream (nothing is built until its first draw); its index. */
  add(): number {
    if (this.n === this.slot.length) {
      const slot = new Int32Array(this.n * 2);
      const ij = new Uint8Array(this.n * 4);
      slot.set(this.slot);
      ij.set(this.ij);
      this.slot = slot;
      this.ij = ij;
    }
    this.slot[this.n] = -1;
    return this.n++;
  }

  /** The next uniform draw in [0, 1) of stream k. */
  draw(k: number): number {
    let slot = this.slot[k];
    if (slot < 0) slot = this.materialise(k);
    const s = this.slabs[slot >> 8];
    const o = (slot & (SLAB_STREAMS - 1)) * WIDTH;
    const { ij } = this;
    let i = ij[2 * k];
    let j = ij[2 * k + 1];
    // seedrandom's ARC4 g(4): four output bytes, most significant first
    let r = 0;
    for (let b = 0; b < 4; b++) {
      i = (i + 1) & 255;
      const t = s[o + i];
      j = (j + t) & 255;
      const u = s[o + j];
      s[o + i] = u;
      s[o + j] = t;
      r = r * WIDTH + s[o + ((u + t) & 255)];
    }
    ij[2 * k] = i;
    ij[2 * k + 1] = j;
    return r / 0x100000000;
  }

  /** A `() => number` drawing from stream k, valid until the next `rng` call (one shared function: no object per stream). */
  rng(k: number): () => number {
    if (!(k >= 0 && k < this.n)) throw new Error(`stream table: no stream ${k} (${this.n} streams)`);
    this.cursor = k;
    return this.next;
  }

  /** Build stream k's ARC4 state from its seed text into the next slot; the slot. */
  private materialise(k: number): number {
    const state = seedrandom(this.seedText(k), { state: true }).state() as { i: number; j: number; S: number[] };
    const slot = this.drawn++;
    if (slot >> 8 === this.slabs.length) this.slabs.push(new Uint8Array(WIDTH * SLAB_STREAMS));
    this.slabs[slot >> 8].set(state.S, (slot & (SLAB_STREAMS - 1)) * WIDTH);
    this.ij[2 * k] = state.i;
    this.ij[2 * k + 1] = state.j;
    this.slot[k] = slot;
    return slot;
  }
}
