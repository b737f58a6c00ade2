import test from 'ava';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { stream } from '../../src/sim/rng.ts';
import { StreamTable } from '../../src/sim/stream-table.ts';

test('a table row draws exactly the named stream’s numbers (seedrandom’s quick() on its seed text)', (t) => {
  const names = ['link/w0→server', 'link/server→w9999', '', 'ünïcødé/😀'];
  for (const seed of [0, 1, 'abc']) {
    const table = new StreamTable((k) => `byzsim:${seed}:${names[k]}`);
    for (const _ of names) table.add();
    const refs = names.map((name) => stream(seed, name));
    for (let d = 0; d < 2000; d++)
      for (let k = 0; k < names.length; k++) if (table.draw(k) !== refs[k]()) return t.fail(`seed ${seed}, ${names[k]}: draw ${d} differs`);
  }
  t.pass();
});

test('rows drawn in any interleaving (more than a slab of them), through draw or rng, each follow their own seedrandom sequence', (t) => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.nat(599), fc.boolean()), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 0, max: 1000 }), (order, seed) => {
      const asked: number[] = [];
      const table = new StreamTable((k) => (asked.push(k), `byzsim:${seed}:s/${k}`));
      for (let k = 0; k < 600; k++) table.add();
      const refs = new Map<number, seedrandom.PRNG>();
      for (const [k, viaRng] of order) {
        if (!refs.has(k)) refs.set(k, seedrandom(`byzsim:${seed}:s/${k}`));
        if ((viaRng ? table.rng(k)() : table.draw(k)) !== refs.get(k)!.quick()) return false;
      }
      return asked.length === refs.size && new Set(asked).size === asked.length;
    }),
    { seed: 13, numRuns: 20 },
  );
  t.pass();
});

test('a row is built on its first draw only, and an unknown row is refused', (t) => {
  const asked: number[] = [];
  const table = new StreamTable((k) => (asked.push(k), `byzsim:1:s/${k}`));
  t.is(table.add(), 0);
  t.is(table.add(), 1);
  t.is(table.size, 2);
  t.deepEqual(asked, []);
  table.draw(1);
  table.draw(1);
  t.deepEqual(asked, [1]);
  t.throws(() => table.rng(2), { message: 'stream table: no stream 2 (2 streams)' });
});
