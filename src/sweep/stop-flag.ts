/**
 * The flag by which an interrupted sweep (SIGINT, SIGTERM) asks its job threads to put
 * their buffered trace lines on disk before the process ends. It lives in shared memory so
 * a thread sees it between any two trace lines, however busy its event loop is:
 * [STOP] is set once by the main thread; [UNFLUSHED] counts the open trace writers that
 * have not yet flushed since the stop (each writer leaves it exactly once).
 */
/** Node has Atomics.waitAsync since 16; the ES2022 lib this project compiles against does not declare it. */
const waitAsync = (
  Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, timeoutMs: number): { async: boolean; value: Promise<string> | string } }
).waitAsync;

export const STOP = 0;
export const UNFLUSHED = 1;

export type StopFlag = Int32Array;

export function createStopFlag(): StopFlag {
  return new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
}

export const stopRequested = (flag: StopFlag | undefined) => flag !== undefined && Atomics.load(flag, STOP) === 1;

/**
 * Raise the stop and wait until every open trace writer flushed, or `timeoutMs` passed
 * (a thread inside one long computation writes nothing until it returns). Resolves to the
 * writers still unflushed.
 */
export async function requestStop(flag: StopFlag, timeoutMs: number): Promise<number> {
  Atomics.store(flag, STOP, 1);
  for (let i = 0; i < 1000; i++) {
    const left = Atomics.load(flag, UNFLUSHED);
    if (left <= 0) return 0;
    const r = waitAsync(flag, UNFLUSHED, left, timeoutMs);
    if ((r.async ? await r.value : r.value) === 'timed-out') return Atomics.load(flag, UNFLUSHED);
  }
  return Atomics.load(flag, UNFLUSHED);
}
