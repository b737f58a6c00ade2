/**
 * Reusable mini-batch buffers for the gradient oracle. Each (worker, step) gathers b rows of
 * the training set (b × features floats: 1.6 MB at b = 500 on MNIST), which the engine only
 * reads: the wasm backend copies them into its heap (tfjs-backend-wasm `move`, our fused dense
 * pass `f32.set`), the cpu backend aliases them only for tensors disposed before the job
 * returns (tf.tidy), the pool engine posts copies. A fresh pair of arrays per batch is V8
 * external memory, and every ≈ 64 MiB of it starts a full mark-compact; so the oracle gathers
 * into buffers lent from here and gives each back once the job that read it has settled (the
 * engine's contract: inputs unchanged until then), never earlier. The rows are the same
 * whichever buffer holds them, so results do not change. Buffers in all: at most the number of
 * batches in flight at once (a step's k workers, coalesced into one pass).
 */
import type { Batch } from '../../learn/gradient-result.ts';

interface Buffer {
  readonly x: Float32Array;
  readonly y: Int32Array;
}

/** A batch of `rows` rows on a lent buffer, and how to give the buffer back. */
export interface Lease {
  readonly batch: Batch;
  readonly release: () => void;
}

export class BatchBuffers {
  private readonly free: Buffer[] = [];

  constructor(private readonly features: number) {}

  /** Views of `rows` rows on a free buffer large enough (else a new one, replacing a too-small free one). */
  lend(rows: number): Lease {
    const k = this.free.findIndex((b) => b.y.length >= rows);
    if (k < 0) this.free.pop(); // none fits: drop one, so the buffers never outnumber the batches in flight
    const buf = k >= 0 ? this.free.splice(k, 1)[0] : { x: new Float32Array(rows * this.features), y: new Int32Array(rows) };
    let lent = true;
    return {
      batch: { x: buf.x.subarray(0, rows * this.features), y: buf.y.subarray(0, rows) },
      release: () => {
        if (lent) this.free.push(buf);
        lent = false;
      },
    };
  }
}
