/**
 * The kernels' assembler (src/wasm/wat.ts) against wabt's wat2wasm: the same bytes for the
 * kernel source, and a clear error for anything outside the subset it implements.
 */
import test from 'ava';
import wabtInit from 'wabt';
import { KERNELS_WAT as kernels } from '../../src/gars/wasm/kernel-source.ts';
import { moduleText } from '../../src/learn/wasm/assemble.ts';
import { elementwiseFunctions } from '../../src/learn/wasm/elementwise.ts';
import { gemmFunctions } from '../../src/learn/wasm/gemm.ts';
import { sparseFunctions } from '../../src/learn/wasm/sparse.ts';
import { assembleWat } from '../../src/wasm/wat.ts';

/** tsconfig's lib has no WebAssembly types. */
const wasm = (globalThis as unknown as { WebAssembly: { Module: new (b: Uint8Array) => object } }).WebAssembly;

test('the kernel source assembles to exactly the bytes wabt produces, and the module validates', async (t) => {
  const wabt = await wabtInit();
  const theirs = new Uint8Array(wabt.parseWat('kernels.wat', kernels, { simd: true }).toBinary({}).buffer);
  const ours = assembleWat(kernels);
  t.deepEqual(Array.from(ours), Array.from(theirs));
  t.notThrows(() => new wasm.Module(ours));
});

test('the gradient kernels (src/learn/wasm) assemble to exactly the bytes wabt produces', async (t) => {
  const wabt = await wabtInit();
  const text = moduleText([...gemmFunctions(), ...elementwiseFunctions(), ...sparseFunctions()]);
  const theirs = new Uint8Array(wabt.parseWat('learn.wat', text, { simd: true }).toBinary({}).buffer);
  t.deepEqual(Array.from(assembleWat(text)), Array.from(theirs));
});

test('flat if/else, lane stores and the integer SIMD subset assemble as wabt does', async (t) => {
  const wabt = await wabtInit();
  const src = `(module (memory (import "env" "memory") 1)
    (func $h (export "h") (param $p i32) (param $x f32) (result i32) (local $v v128)
      local.get $x f32.const 0 f32.gt
      if $pos local.get $p v128.load32_splat local.set $v else local.get $p i32.const 3 i32.div_s drop end
      local.get $p local.get $v v128.store32_lane offset=4 1
      local.get $p local.get $v i32x4.splat i32x4.min_s i32x4.max_s v128.store64_lane 0
      local.get $v local.get $v f32x4.pmin local.get $v f32x4.pmax i32x4.extract_lane 2
      local.get $x i32.reinterpret_f32 f32.reinterpret_i32 drop))`;
  const theirs = new Uint8Array(wabt.parseWat('t.wat', src, { simd: true }).toBinary({}).buffer);
  t.deepEqual(Array.from(assembleWat(src)), Array.from(theirs));
});

test('flat and folded forms, constants and call assemble as wabt does', async (t) => {
  const wabt = await wabtInit();
  const src = `(module (memory (export "m") 2)
    (func $f (param i32 f64) (result f64) local.get 1 f64.const -0.5 f64.mul)
    (func (export "g") (param $x i32) (result f64) (local $v v128)
      (local.set $v (v128.const f32x4 1 -2 3.5 inf))
      (block $b (loop $l (br_if $b (i32.eqz (local.get $x))) (local.set $x (i32.sub (local.get $x) (i32.const 1))) (br $l)))
      (call $f (i32.const -7) (f64.promote_f32 (f32x4.extract_lane 3 (local.get $v))))))`;
  const theirs = new Uint8Array(wabt.parseWat('t.wat', src, { simd: true }).toBinary({}).buffer);
  t.deepEqual(Array.from(assembleWat(src)), Array.from(theirs));
});

test('anything outside the subset is an error naming it', (t) => {
  t.throws(() => assembleWat('(module (func (i64.popcnt (i64.const 1))))'), { message: /unsupported instruction "i64.popcnt"/ });
  t.throws(() => assembleWat('(module (func (br $nowhere)))'), { message: /unknown label \$nowhere/ });
  t.throws(() => assembleWat('(module (func (local.get $y)))'), { message: /unknown local \$y/ });
  t.throws(() => assembleWat('(module (table 1 funcref))'), { message: /unsupported module field/ });
  t.throws(() => assembleWat('(module (func)'), { message: /unbalanced/ });
  t.throws(() => assembleWat('(module (func $f block loop end))'), { message: /\$f: 1 block\(s\) not closed/ });
  t.throws(() => assembleWat('(module (func else))'), { message: /"else" without an if/ });
});
