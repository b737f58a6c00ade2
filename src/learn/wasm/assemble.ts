/**
 * The learn kernels as a WebAssembly module: functions written in the flat text form of WAT
 * (one instruction after another: `local.get $a  v128.load offset=16  f32x4.add`) become one
 * module that imports its memory (`env.memory`) and exports every function by name, assembled
 * by the shared assembler (src/wasm/wat.ts, checked against wabt byte for byte). Kernels are
 * generated as text by TypeScript (loops unrolled by template), so what runs is readable and
 * reviewable instruction by instruction.
 *
 * Syntax: tokens separated by white space; `;;` starts a comment to the end of the line;
 * `$name` names a parameter, a local or a label (`block $done … br_if $done … end`); memory
 * instructions take `offset=N` (and optionally `align=N`); lane instructions take a lane
 * index; `i32.const N`, `f32.const X` (or `inf`, `-inf`).
 */

import { assembleWat } from '../../wasm/wat.ts';

export type ValType = 'i32' | 'f32' | 'v128';

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly (readonly [string, ValType])[];
  readonly results?: readonly ValType[];
  readonly locals?: readonly (readonly [string, ValType])[];
  /** Flat WAT instructions. */
  readonly body: string;
}

const decl = (kind: string, list: readonly (readonly [string, ValType])[] | undefined) => (list ?? []).map(([n, t]) => `(${kind} $${n} ${t})`).join(' ');

/** The module's WAT text: memory imported as env.memory, every function exported by its name. */
export function moduleText(functions: readonly WasmFunction[]): string {
  const funcs = functions.map((f) => {
    const results = (f.results ?? []).map((t) => `(result ${t})`).join(' ');
    return `(func $${f.name} (export "${f.name}") ${decl('param', f.params)} ${results} ${decl('local', f.locals)}\n${f.body}\n)`;
  });
  return `(module (memory (import "env" "memory") 1)\n${funcs.join('\n')}\n)`;
}

/** The binary module of `functions`, by the shared assembler (src/wasm/wat.ts). */
export function assemble(functions: readonly WasmFunction[]): Uint8Array {
  return assembleWat(moduleText(functions));
}

/** A WebAssembly.Memory (tsconfig's lib has no WebAssembly types: the slice used here). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  validate(bytes: Uint8Array): boolean;
}

const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

export type Exports = Record<string, (...args: number[]) => number>;

/** Compile and instantiate `functions` on `memory`; their exports, by name. */
export function instantiate(functions: readonly WasmFunction[], memory: WasmMemory): Exports {
  const module = new api.Module(assemble(functions));
  return new api.Instance(module, { env: { memory } }).exports as Exports;
}

/** Whether the engine accepts `bytes` (SIMD included). */
export function validates(bytes: Uint8Array): boolean {
  return api.validate(bytes);
}
