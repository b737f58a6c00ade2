/**
 * A small WebAssembly assembler for the learn kernels: functions written in the flat text
 * form of WAT (one instruction after another: `local.get $a  v128.load offset=16  f32x4.add`)
 * become a binary module that imports its memory (`env.memory`) and exports every function by
 * name. Only what the kernels use is known: i32 and f32 scalars, v128 SIMD, blocks, loops and
 * branches to named labels, calls by name (`call $f`). Kernels are generated as text by TypeScript (loops unrolled by
 * template), so what runs is readable and reviewable instruction by instruction.
 *
 * Syntax: tokens separated by white space; `;;` starts a comment to the end of the line;
 * `$name` names a parameter, a local or a label (`block $done … br_if $done … end`); memory
 * instructions take `offset=N` (and optionally `align=N`); lane instructions take a lane
 * index; `i32.const N`, `f32.const X` (or `inf`, `-inf`).
 */

export type ValType = 'i32' | 'f32' | 'v128';

export interface WasmFunction {
  readonly name: string;
  readonly params: readonly (readonly [string, ValType])[];
  readonly results?: readonly ValType[];
  readonly locals?: readonly (readonly [string, ValType])[];
  /** Flat WAT instructions. */
  readonly body: string;
}

const TYPE: Record<ValType, number> = { i32: 0x7f, f32: 0x7d, v128: 0x7b };

/** Plain opcodes without immediates. */
const PLAIN: Record<string, number> = {
  unreachable: 0x00, nop: 0x01, return: 0x0f, drop: 0x1a, select: 0x1b,
  'i32.eqz': 0x45, 'i32.eq': 0x46, 'i32.ne': 0x47, 'i32.lt_s': 0x48, 'i32.lt_u': 0x49, 'i32.gt_s': 0x4a,
  'i32.gt_u': 0x4b, 'i32.le_s': 0x4c, 'i32.le_u': 0x4d, 'i32.ge_s': 0x4e, 'i32.ge_u': 0x4f,
  'f32.eq': 0x5b, 'f32.ne': 0x5c, 'f32.lt': 0x5d, 'f32.gt': 0x5e, 'f32.le': 0x5f, 'f32.ge': 0x60,
  'i32.add': 0x6a, 'i32.sub': 0x6b, 'i32.mul': 0x6c, 'i32.div_s': 0x6d, 'i32.div_u': 0x6e, 'i32.and': 0x71,
  'i32.or': 0x72, 'i32.xor': 0x73, 'i32.shl': 0x74, 'i32.shr_s': 0x75, 'i32.shr_u': 0x76,
  'f32.abs': 0x8b, 'f32.neg': 0x8c, 'f32.sqrt': 0x91, 'f32.add': 0x92, 'f32.sub': 0x93, 'f32.mul': 0x94,
  'f32.div': 0x95, 'f32.min': 0x96, 'f32.max': 0x97,
  'i32.reinterpret_f32': 0xbc, 'f32.reinterpret_i32': 0xbe,
};

/** SIMD opcodes (after the 0xfd prefix) without immediates. */
const SIMD: Record<string, number> = {
  'i32x4.splat': 0x11, 'f32x4.splat': 0x13,
  'f32x4.eq': 0x41, 'f32x4.ne': 0x42, 'f32x4.lt': 0x43, 'f32x4.gt': 0x44, 'f32x4.le': 0x45, 'f32x4.ge': 0x46,
  'v128.not': 0x4d, 'v128.and': 0x4e, 'v128.andnot': 0x4f, 'v128.or': 0x50, 'v128.xor': 0x51,
  'v128.bitselect': 0x52, 'v128.any_true': 0x53, 'i32x4.min_s': 0xb6, 'i32x4.max_s': 0xb8,
  'f32x4.abs': 0xe0, 'f32x4.neg': 0xe1, 'f32x4.sqrt': 0xe3, 'f32x4.add': 0xe4, 'f32x4.sub': 0xe5,
  'f32x4.mul': 0xe6, 'f32x4.div': 0xe7, 'f32x4.min': 0xe8, 'f32x4.max': 0xe9, 'f32x4.pmin': 0xea, 'f32x4.pmax': 0xeb,
};

/** Memory instructions: [prefix or -1, opcode, natural alignment log2]. */
const MEMORY: Record<string, readonly [number, number, number]> = {
  'i32.load': [-1, 0x28, 2], 'f32.load': [-1, 0x2a, 2], 'i32.store': [-1, 0x36, 2], 'f32.store': [-1, 0x38, 2],
  'v128.load': [0xfd, 0x00, 4], 'v128.load32_splat': [0xfd, 0x09, 2], 'v128.store': [0xfd, 0x0b, 4],
  'v128.load32_zero': [0xfd, 0x5c, 2], 'v128.load64_zero': [0xfd, 0x5d, 3],
};

/** Lane instructions (0xfd prefix), one lane-index immediate. */
const LANE: Record<string, number> = { 'f32x4.extract_lane': 0x1f, 'f32x4.replace_lane': 0x20, 'i32x4.extract_lane': 0x1b };

/** Memory lane instructions (0xfd prefix): memarg then lane. */
const MEMORY_LANE: Record<string, readonly [number, number]> = { 'v128.store32_lane': [0x5a, 2], 'v128.store64_lane': [0x5b, 3] };

function uleb(x: number): number[] {
  const out: number[] = [];
  do {
    let b = x & 0x7f;
    x >>>= 7;
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

function sleb(x: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = x & 0x7f;
    x >>= 7;
    if ((x === 0 && (b & 0x40) === 0) || (x === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const f32Bytes = (x: number) => [...new Uint8Array(Float32Array.of(x).buffer)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
const utf8 = (s: string) => vec([...new TextEncoder().encode(s)].map((b) => [b]));

/** Tokens of a flat WAT body, comments removed. */
function tokens(body: string): string[] {
  return body.replace(/;;[^\n]*/g, ' ').split(/\s+/).filter((t) => t.length > 0);
}

/** The code of one function body (locals declaration and instructions). */
function code(f: WasmFunction, functions: ReadonlyMap<string, number>): number[] {
  const index = new Map<string, number>();
  [...f.params, ...(f.locals ?? [])].forEach(([name], i) => {
    if (index.has(name)) throw new Error(`wasm ${f.name}: duplicate local $${name}`);
    index.set(name, i);
  });
  const local = (t: string | undefined) => {
    const i = t?.startsWith('$') ? index.get(t.slice(1)) : undefined;
    if (i === undefined) throw new Error(`wasm ${f.name}: unknown local ${t}`);
    return uleb(i);
  };
  const labels: (string | undefined)[] = [];
  const out: number[] = [];
  const ts = tokens(f.body);
  const number = (t: string | undefined, what: string) => {
    const v = Number(t);
    if (t === undefined || !Number.isFinite(v)) throw new Error(`wasm ${f.name}: ${what} needs a number, got ${t}`);
    return v;
  };
  for (let i = 0; i < ts.length; i++) {
    const op = ts[i];
    if (op === 'block' || op === 'loop' || op === 'if') {
      const label = ts[i + 1]?.startsWith('$') ? ts[++i].slice(1) : undefined;
      labels.push(label);
      out.push({ block: 0x02, loop: 0x03, if: 0x04 }[op], 0x40);
    } else if (op === 'else') out.push(0x05);
    else if (op === 'end') {
      if (labels.length === 0) throw new Error(`wasm ${f.name}: 'end' without a block`);
      labels.pop();
      out.push(0x0b);
    } else if (op === 'br' || op === 'br_if') {
      const name = ts[++i]?.slice(1);
      const depth = labels.length - 1 - labels.lastIndexOf(name);
      if (depth >= labels.length) throw new Error(`wasm ${f.name}: unknown label $${name}`);
      out.push(op === 'br' ? 0x0c : 0x0d, ...uleb(depth));
    } else if (op === 'call') {
      const callee = functions.get(ts[++i]?.slice(1) ?? '');
      if (callee === undefined) throw new Error(`wasm ${f.name}: call to unknown function ${ts[i]}`);
      out.push(0x10, ...uleb(callee));
    } else if (op === 'local.get' || op === 'local.set' || op === 'local.tee') {
      out.push({ 'local.get': 0x20, 'local.set': 0x21, 'local.tee': 0x22 }[op], ...local(ts[++i]));
    } else if (op === 'i32.const') out.push(0x41, ...sleb(number(ts[++i], op)));
    else if (op === 'f32.const') {
      const t = ts[++i];
      const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity };
      out.push(0x43, ...f32Bytes(t !== undefined && t in special ? special[t] : number(t, op)));
    }
    else if (op in PLAIN) out.push(PLAIN[op]);
    else if (op in SIMD) out.push(0xfd, ...uleb(SIMD[op]));
    else if (op in MEMORY || op in MEMORY_LANE) {
      const [prefix, opcode, align] = op in MEMORY ? MEMORY[op] : [0xfd, ...MEMORY_LANE[op]];
      let offset = 0;
      let a = align;
      while (/^(offset|align)=/.test(ts[i + 1] ?? '')) {
        const [k, v] = ts[++i].split('=');
        if (k === 'offset') offset = number(v, 'offset');
        else a = Math.log2(number(v, 'align'));
      }
      out.push(...(prefix >= 0 ? [prefix, ...uleb(opcode)] : [opcode]), ...uleb(a), ...uleb(offset));
      if (op in MEMORY_LANE) out.push(number(ts[++i], `${op} lane`));
    } else if (op in LANE) out.push(0xfd, ...uleb(LANE[op]), number(ts[++i], `${op} lane`));
    else throw new Error(`wasm ${f.name}: unknown instruction '${op}'`);
  }
  if (labels.length !== 0) throw new Error(`wasm ${f.name}: ${labels.length} block(s) not closed`);
  const locals = (f.locals ?? []).map(([, t]) => [1, TYPE[t]]);
  return [...vec(locals), ...out, 0x0b];
}

/** The binary module: memory imported as env.memory, every function exported by its name. */
export function assemble(functions: readonly WasmFunction[]): Uint8Array {
  const sigs: string[] = [];
  const typeOf = functions.map((f) => {
    const sig = JSON.stringify([f.params.map(([, t]) => t), f.results ?? []]);
    if (!sigs.includes(sig)) sigs.push(sig);
    return sigs.indexOf(sig);
  });
  const types = sigs.map((s) => {
    const [ps, rs] = JSON.parse(s) as [ValType[], ValType[]];
    return [0x60, ...vec(ps.map((t) => [TYPE[t]])), ...vec(rs.map((t) => [TYPE[t]]))];
  });
  const memoryImport = [...utf8('env'), ...utf8('memory'), 0x02, 0x00, ...uleb(1)];
  const byName = new Map(functions.map((f, i) => [f.name, i]));
  const bodies = functions.map((f) => {
    const c = code(f, byName);
    return [...uleb(c.length), ...c];
  });
  return Uint8Array.from([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([memoryImport])),
    ...section(3, vec(typeOf.map((t) => uleb(t)))),
    ...section(7, vec(functions.map((f, i) => [...utf8(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
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
