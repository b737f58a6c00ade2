/** The oracle's mini-batch buffers: a lent buffer is never lent again before it is given back. */
import test from 'ava';
import { BatchBuffers } from '../../src/protocols/workload/batch-buffers.ts';

test('a buffer is reused only once given back; views have the rows asked for', (t) => {
  const pool = new BatchBuffers(3);
  const a = pool.lend(4);
  const b = pool.lend(4);
  t.is(a.batch.x.length, 12);
  t.is(a.batch.y.length, 4);
  t.not(a.batch.x.buffer, b.batch.x.buffer); // both in flight: two buffers
  a.release();
  a.release(); // twice is once
  const c = pool.lend(2);
  t.is(c.batch.x.buffer, a.batch.x.buffer); // a's buffer, large enough for 2 rows
  t.is(c.batch.x.length, 6);
  const d = pool.lend(2);
  t.not(d.batch.x.buffer, a.batch.x.buffer); // a's buffer is lent again (to c): a fresh one
});

test('a batch larger than every free buffer gets a new one that replaces a free one', (t) => {
  const pool = new BatchBuffers(1);
  const a = pool.lend(2);
  a.release();
  const big = pool.lend(5);
  t.is(big.batch.y.length, 5);
  big.release();
  const again = pool.lend(2);
  t.is(again.batch.y.buffer, big.batch.y.buffer); // the small one was dropped
});
