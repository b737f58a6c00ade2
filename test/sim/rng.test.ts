import test from 'ava';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { stream } from '../../src/sim/rng.ts';

test('a stream draws exactly seedrandom’s quick() numbers for its seed text, whatever the name', (t) => {
  const names = ['link/w0→server', 'link/server→w9999', 'worker/3/batch/17', 'model/init', '', 'x'.repeat(700), 'ünïcødé/😀', 'network/adversary/reorder'];
  for (const seed of [0, 1, 42, 'abc', 2 ** 31]) {
    for (const name of names) {
      const ours = stream(seed, name);
      const ref = seedrandom(`byzsim:${seed}:${name}`);
      for (let k = 0; k < 2000; k++) if (ours() !== ref.quick()) return t.fail(`seed ${seed}, ${name.slice(0, 40)}: draw ${k} differs`);
      t.is(ours.name, name);
    }
  }
  t.pass();
});

test('streams drawn in any interleaving (more than a slab of them) each follow their own seedrandom sequence', (t) => {
  fc.assert(
    fc.property(fc.array(fc.nat(599), { minLength: 1, maxLength: 3000 }), fc.integer({ min: 0, max: 1000 }), (order, seed) => {
      const ours = Array.from({ length: 600 }, (_, k) => stream(seed, `s/${k}`));
      const refs = new Map<number, seedrandom.PRNG>();
      for (const k of order) {
        if (!refs.has(k)) refs.set(k, seedrandom(`byzsim:${seed}:s/${k}`));
        if (ours[k]() !== refs.get(k)!.quick()) return false;
      }
      return true;
    }),
    { numRuns: 20 },
  );
  t.pass();
});
