/**
 * A small assembler for the subset of the WebAssembly text format (WAT) byzsim's kernels are
 * written in (the GAR kernels in src/gars/wasm, the gradient kernels in src/learn/wasm): one
 * module with an exported or imported memory and functions whose bodies use the folded
 * `(op operand…)` or the flat `op` form, named locals and labels, `block`/`loop`, flat `if`/`else`,
 * `br`/`br_if`, `call` by name, memory arguments (`offset=`, `align=`), the i32/f32/f64 scalar operations and the
 * SIMD operations listed in OPCODES. Anything else is an error naming the token, so a kernel
 * never silently assembles to something other than its text. `test/gars/wat.test.ts` checks the
 * output byte for byte against wabt's `wat2wasm` on every kernel source (test/wasm/wat.test.ts).
 */

type Sexp = string | Sexp[];
type ValType = 'i32' | 'i64' | 'f32' | 'f64' | 'v128';

const VALTYPE: Record<ValType, number> = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/** Immediate kinds: none, memory argument (natural alignment log2), lane index, 16 lane bytes, const. */
type Imm =
  | { kind: 'none' }
  | { kind: 'mem'; align: number }
  | { kind: 'lane' }
  | { kind: 'shuffle' }
  | { kind: 'local' }
  | { kind: 'label' }
  | { kind: 'const'; type: 'i32' | 'i64' | 'f32' | 'f64' | 'v128' }
  | { kind: 'memidx' }
  | { kind: 'func' }
  | { kind: 'memlane'; align: number };

interface Op {
  readonly code: number[];
  readonly imm: Imm;
}

const none: Imm = { kind: 'none' };
const mem = (align: number): Imm => ({ kind: 'mem', align });
const scalar = (code: number, imm: Imm = none): Op => ({ code: [code], imm });
const simd = (code: number, imm: Imm = none): Op => ({ code: [0xfd, ...uleb(code)], imm });

/** The instructions the kernels may use (opcode numbers from the WebAssembly core and SIMD specs). */
const OPCODES: Record<string, Op> = {
  unreachable: scalar(0x00),
  nop: scalar(0x01),
  br: scalar(0x0c, { kind: 'label' }),
  br_if: scalar(0x0d, { kind: 'label' }),
  return: scalar(0x0f),
  call: scalar(0x10, { kind: 'func' }),
  drop: scalar(0x1a),
  select: scalar(0x1b),
  'local.get': scalar(0x20, { kind: 'local' }),
  'local.set': scalar(0x21, { kind: 'local' }),
  'local.tee': scalar(0x22, { kind: 'local' }),
  'i32.load': scalar(0x28, mem(2)),
  'i64.load': scalar(0x29, mem(3)),
  'f32.load': scalar(0x2a, mem(2)),
  'f64.load': scalar(0x2b, mem(3)),
  'i32.store': scalar(0x36, mem(2)),
  'i64.store': scalar(0x37, mem(3)),
  'f32.store': scalar(0x38, mem(2)),
  'f64.store': scalar(0x39, mem(3)),
  'memory.size': scalar(0x3f, { kind: 'memidx' }),
  'memory.grow': scalar(0x40, { kind: 'memidx' }),
  'i32.const': scalar(0x41, { kind: 'const', type: 'i32' }),
  'i64.const': scalar(0x42, { kind: 'const', type: 'i64' }),
  'f32.const': scalar(0x43, { kind: 'const', type: 'f32' }),
  'f64.const': scalar(0x44, { kind: 'const', type: 'f64' }),
  'i32.eqz': scalar(0x45),
  'i32.eq': scalar(0x46),
  'i32.ne': scalar(0x47),
  'i32.lt_s': scalar(0x48),
  'i32.lt_u': scalar(0x49),
  'i32.gt_s': scalar(0x4a),
  'i32.gt_u': scalar(0x4b),
  'i32.le_s': scalar(0x4c),
  'i32.le_u': scalar(0x4d),
  'i32.ge_s': scalar(0x4e),
  'i32.ge_u': scalar(0x4f),
  'f32.eq': scalar(0x5b),
  'f32.ne': scalar(0x5c),
  'f32.lt': scalar(0x5d),
  'f32.gt': scalar(0x5e),
  'f32.le': scalar(0x5f),
  'f32.ge': scalar(0x60),
  'f64.eq': scalar(0x61),
  'f64.ne': scalar(0x62),
  'f64.lt': scalar(0x63),
  'f64.gt': scalar(0x64),
  'f64.le': scalar(0x65),
  'f64.ge': scalar(0x66),
  'i32.add': scalar(0x6a),
  'i32.sub': scalar(0x6b),
  'i32.mul': scalar(0x6c),
  'i32.div_s': scalar(0x6d),
  'i32.div_u': scalar(0x6e),
  'i32.rem_u': scalar(0x70),
  'i32.and': scalar(0x71),
  'i32.or': scalar(0x72),
  'i32.xor': scalar(0x73),
  'i32.shl': scalar(0x74),
  'i32.shr_s': scalar(0x75),
  'i32.shr_u': scalar(0x76),
  'f32.abs': scalar(0x8b),
  'f32.neg': scalar(0x8c),
  'f32.sqrt': scalar(0x91),
  'f32.add': scalar(0x92),
  'f32.sub': scalar(0x93),
  'f32.mul': scalar(0x94),
  'f32.div': scalar(0x95),
  'f32.min': scalar(0x96),
  'f32.max': scalar(0x97),
  'f64.abs': scalar(0x99),
  'f64.neg': scalar(0x9a),
  'f64.sqrt': scalar(0x9f),
  'f64.add': scalar(0xa0),
  'f64.sub': scalar(0xa1),
  'f64.mul': scalar(0xa2),
  'f64.div': scalar(0xa3),
  'f64.min': scalar(0xa4),
  'f64.max': scalar(0xa5),
  'f64.convert_i32_s': scalar(0xb7),
  'f64.convert_i32_u': scalar(0xb8),
  'f32.demote_f64': scalar(0xb6),
  'f64.promote_f32': scalar(0xbb),
  'i32.reinterpret_f32': scalar(0xbc),
  'f32.reinterpret_i32': scalar(0xbe),
  'v128.load': simd(0x00, mem(4)),
  'v128.store': simd(0x0b, mem(4)),
  'v128.const': simd(0x0c, { kind: 'const', type: 'v128' }),
  'v128.load32_splat': simd(0x09, mem(2)),
  'v128.load32_zero': simd(0x5c, mem(2)),
  'v128.load64_zero': simd(0x5d, mem(3)),
  'v128.store32_lane': simd(0x5a, { kind: 'memlane', align: 2 }),
  'v128.store64_lane': simd(0x5b, { kind: 'memlane', align: 3 }),
  'i8x16.shuffle': simd(0x0d, { kind: 'shuffle' }),
  'i32x4.splat': simd(0x11),
  'f32x4.splat': simd(0x13),
  'f64x2.splat': simd(0x14),
  'i32x4.extract_lane': simd(0x1b, { kind: 'lane' }),
  'f32x4.extract_lane': simd(0x1f, { kind: 'lane' }),
  'f32x4.replace_lane': simd(0x20, { kind: 'lane' }),
  'f64x2.extract_lane': simd(0x21, { kind: 'lane' }),
  'f64x2.replace_lane': simd(0x22, { kind: 'lane' }),
  'f32x4.eq': simd(0x41),
  'f32x4.ne': simd(0x42),
  'f32x4.lt': simd(0x43),
  'f32x4.gt': simd(0x44),
  'f32x4.le': simd(0x45),
  'f32x4.ge': simd(0x46),
  'f64x2.eq': simd(0x47),
  'f64x2.ne': simd(0x48),
  'f64x2.lt': simd(0x49),
  'f64x2.gt': simd(0x4a),
  'f64x2.le': simd(0x4b),
  'f64x2.ge': simd(0x4c),
  'v128.not': simd(0x4d),
  'v128.and': simd(0x4e),
  'v128.andnot': simd(0x4f),
  'v128.or': simd(0x50),
  'v128.xor': simd(0x51),
  'v128.bitselect': simd(0x52),
  'v128.any_true': simd(0x53),
  'f32x4.demote_f64x2_zero': simd(0x5e),
  'f64x2.promote_low_f32x4': simd(0x5f),
  'f32x4.abs': simd(0xe0),
  'f32x4.neg': simd(0xe1),
  'f32x4.sqrt': simd(0xe3),
  'f32x4.add': simd(0xe4),
  'f32x4.sub': simd(0xe5),
  'i32x4.min_s': simd(0xb6),
  'i32x4.max_s': simd(0xb8),
  'f32x4.mul': simd(0xe6),
  'f32x4.div': simd(0xe7),
  'f32x4.min': simd(0xe8),
  'f32x4.max': simd(0xe9),
  'f32x4.pmin': simd(0xea),
  'f32x4.pmax': simd(0xeb),
  'f64x2.abs': simd(0xec),
  'f64x2.neg': simd(0xed),
  'f64x2.sqrt': simd(0xef),
  'f64x2.add': simd(0xf0),
  'f64x2.sub': simd(0xf1),
  'f64x2.mul': simd(0xf2),
  'f64x2.div': simd(0xf3),
  'f64x2.min': simd(0xf4),
  'f64x2.max': simd(0xf5),
};

function uleb(x: number): number[] {
  const out: number[] = [];
  do {
    let b = x & 0x7f;
    x = Math.floor(x / 128);
    if (x !== 0) b |= 0x80;
    out.push(b);
  } while (x !== 0);
  return out;
}

function sleb(x: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(x & 0x7fn);
    x >>= 7n;
    if ((x === 0n && (b & 0x40) === 0) || (x === -1n && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const utf8 = (s: string) => Array.from(new TextEncoder().encode(s));
const name = (s: string) => [...uleb(utf8(s).length), ...utf8(s)];
const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

/** Tokens → nested lists; `;;` line comments and `(; ;)` block comments are dropped. */
function parse(text: string): Sexp[] {
  const src = text.replace(/\(;[\s\S]*?;\)/g, ' ').replace(/;;[^\n]*/g, ' ');
  const tokens = src.match(/"[^"]*"|[()]|[^\s()]+/g) ?? [];
  const stack: Sexp[][] = [[]];
  for (const t of tokens) {
    if (t === '(') stack.push([]);
    else if (t === ')') {
      const done = stack.pop();
      if (!done || stack.length === 0) throw new Error('wat: unbalanced ")"');
      stack[stack.length - 1].push(done);
    } else stack[stack.length - 1].push(t);
  }
  if (stack.length !== 1) throw new Error('wat: unbalanced "("');
  return stack[0];
}

const head = (s: Sexp) => (Array.isArray(s) && typeof s[0] === 'string' ? s[0] : undefined);
const unquote = (s: Sexp) => {
  if (typeof s !== 'string' || !s.startsWith('"')) throw new Error(`wat: expected a string, got ${JSON.stringify(s)}`);
  return s.slice(1, -1);
};

interface FuncSig {
  params: ValType[];
  results: ValType[];
}

interface Func {
  readonly id?: string;
  readonly exportName?: string;
  readonly sig: FuncSig;
  readonly locals: Map<string, number>;
  readonly localTypes: ValType[];
  readonly body: Sexp[];
}

function valType(s: Sexp): ValType {
  if (typeof s === 'string' && s in VALTYPE) return s as ValType;
  throw new Error(`wat: unknown value type ${JSON.stringify(s)}`);
}

function parseFunc(form: Sexp[]): Func {
  let i = 1;
  let id: string | undefined;
  let exportName: string | undefined;
  if (typeof form[i] === 'string' && (form[i] as string).startsWith('$')) id = form[i++] as string;
  const sig: FuncSig = { params: [], results: [] };
  const locals = new Map<string, number>();
  const localTypes: ValType[] = [];
  let nparams = 0;
  for (; i < form.length; i++) {
    const f = form[i];
    const h = head(f);
    if (h === 'export') exportName = unquote((f as Sexp[])[1]);
    else if (h === 'param' || h === 'local') {
      const parts = (f as Sexp[]).slice(1);
      const named = typeof parts[0] === 'string' && (parts[0] as string).startsWith('$');
      const types = named ? [valType(parts[1])] : parts.map(valType);
      if (named) locals.set(parts[0] as string, nparams + localTypes.length);
      if (h === 'param') {
        if (localTypes.length > 0) throw new Error('wat: param after local');
        sig.params.push(...types);
        nparams += types.length;
      } else localTypes.push(...types);
    } else if (h === 'result') sig.results.push(...(f as Sexp[]).slice(1).map(valType));
    else break;
  }
  return { id, exportName, sig, locals, localTypes, body: form.slice(i) };
}

/** Emit a function body: folded forms emit their operands first, flat instructions read their immediates from the stream. */
class BodyWriter {
  readonly out: number[] = [];
  private readonly labels: (string | undefined)[] = [];
  constructor(
    private readonly fn: Func,
    private readonly funcIndex: ReadonlyMap<string, number>,
  ) {}

  run(items: Sexp[]): void {
    let i = 0;
    while (i < items.length) i = this.item(items, i);
  }

  /** The whole body has been written: every flat block is closed. */
  finish(): void {
    if (this.labels.length !== 0) throw new Error(`wat: ${this.fn.id ?? 'a function'}: ${this.labels.length} block(s) not closed`);
  }

  private item(items: Sexp[], i: number): number {
    const it = items[i];
    if (Array.isArray(it)) {
      this.folded(it);
      return i + 1;
    }
    if (it === 'block' || it === 'loop' || it === 'if') {
      const label = typeof items[i + 1] === 'string' && (items[i + 1] as string).startsWith('$') ? (items[i + 1] as string) : undefined;
      this.out.push({ block: 0x02, loop: 0x03, if: 0x04 }[it], 0x40);
      this.labels.push(label);
      return i + (label ? 2 : 1);
    }
    if (it === 'else') {
      if (this.labels.length === 0) throw new Error('wat: "else" without an if');
      this.out.push(0x05);
      return i + 1;
    }
    if (it === 'end') {
      if (this.labels.length === 0) throw new Error('wat: "end" without a block');
      this.labels.pop();
      this.out.push(0x0b);
      return i + 1;
    }
    const op = OPCODES[it];
    if (!op) throw new Error(`wat: unsupported instruction "${it}"`);
    this.out.push(...op.code);
    return this.immediates(op.imm, items, i + 1, it);
  }

  private folded(form: Sexp[]): void {
    const h = head(form);
    if (h === 'block' || h === 'loop') {
      const label = typeof form[1] === 'string' && (form[1] as string).startsWith('$') ? (form[1] as string) : undefined;
      this.out.push(h === 'block' ? 0x02 : 0x03, 0x40);
      this.labels.push(label);
      this.run(form.slice(label ? 2 : 1));
      this.labels.pop();
      this.out.push(0x0b);
      return;
    }
    if (!h) throw new Error(`wat: expected an instruction, got ${JSON.stringify(form)}`);
    const op = OPCODES[h];
    if (!op) throw new Error(`wat: unsupported instruction "${h}"`);
    // immediates come first in the form, operands after
    const imm: number[] = [];
    const saved = this.out.length;
    const next = this.immediates(op.imm, form, 1, h);
    imm.push(...this.out.splice(saved));
    for (const operand of form.slice(next)) {
      if (!Array.isArray(operand)) throw new Error(`wat: ${h}: unexpected token "${operand}"`);
      this.folded(operand);
    }
    this.out.push(...op.code, ...imm);
  }

  /** Write the immediates of `opName` read from items[i…]; returns the index after them. */
  private immediates(imm: Imm, items: Sexp[], i: number, opName: string): number {
    const tok = (k: number) => (typeof items[k] === 'string' ? (items[k] as string) : undefined);
    switch (imm.kind) {
      case 'none':
        return i;
      case 'memidx':
        this.out.push(0x00);
        return i;
      case 'func': {
        const t = tok(i);
        const idx = t === undefined ? undefined : this.funcIndex.get(t);
        if (idx === undefined) throw new Error(`wat: call: unknown function ${String(t)}`);
        this.out.push(...uleb(idx));
        return i + 1;
      }
      case 'local': {
        const t = tok(i);
        const idx = t === undefined ? undefined : t.startsWith('$') ? this.fn.locals.get(t) : Number(t);
        if (idx === undefined || !Number.isInteger(idx)) throw new Error(`wat: ${opName}: unknown local ${String(t)}`);
        this.out.push(...uleb(idx));
        return i + 1;
      }
      case 'label': {
        const t = tok(i);
        let depth = -1;
        if (t?.startsWith('$')) depth = this.labels.length - 1 - this.labels.lastIndexOf(t);
        else if (t !== undefined && /^\d+$/.test(t)) depth = Number(t);
        if (depth < 0 || depth >= this.labels.length || (t?.startsWith('$') && !this.labels.includes(t)))
          throw new Error(`wat: ${opName}: unknown label ${String(t)}`);
        this.out.push(...uleb(depth));
        return i + 1;
      }
      case 'mem':
      case 'memlane': {
        let offset = 0;
        let align = imm.align;
        let k = i;
        for (; tok(k)?.startsWith('offset=') || tok(k)?.startsWith('align='); k++) {
          const [key, value] = tok(k)!.split('=');
          if (key === 'offset') offset = Number(value);
          else align = Math.log2(Number(value));
        }
        if (!Number.isInteger(offset) || offset < 0 || !Number.isInteger(align)) throw new Error(`wat: ${opName}: bad memory argument`);
        this.out.push(...uleb(align), ...uleb(offset));
        if (imm.kind === 'mem') return k;
        const lane = Number(tok(k));
        if (!Number.isInteger(lane)) throw new Error(`wat: ${opName}: expected a lane index`);
        this.out.push(lane);
        return k + 1;
      }
      case 'lane': {
        const lane = Number(tok(i));
        if (!Number.isInteger(lane)) throw new Error(`wat: ${opName}: expected a lane index`);
        this.out.push(lane);
        return i + 1;
      }
      case 'shuffle': {
        for (let k = 0; k < 16; k++) {
          const lane = Number(tok(i + k));
          if (!Number.isInteger(lane) || lane < 0 || lane > 31) throw new Error(`wat: i8x16.shuffle: expected 16 lane indices`);
          this.out.push(lane);
        }
        return i + 16;
      }
      case 'const':
        return this.constant(imm.type, items, i, opName);
    }
  }

  private constant(type: 'i32' | 'i64' | 'f32' | 'f64' | 'v128', items: Sexp[], i: number, opName: string): number {
    const t = items[i];
    if (typeof t !== 'string') throw new Error(`wat: ${opName}: expected a constant`);
    if (type === 'i32' || type === 'i64') {
      const v = BigInt(t.replace(/_/g, ''));
      this.out.push(...sleb(type === 'i32' ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v)));
      return i + 1;
    }
    if (type === 'f32' || type === 'f64') {
      const bytes = new Uint8Array(type === 'f32' ? 4 : 8);
      const view = new DataView(bytes.buffer);
      const v = floatLiteral(t);
      if (type === 'f32') view.setFloat32(0, v, true);
      else view.setFloat64(0, v, true);
      this.out.push(...bytes);
      return i + 1;
    }
    // v128.const <shape> lanes…
    const shape = t;
    const lanes: Record<string, [number, 'i' | 'f', number]> = { i32x4: [4, 'i', 4], i64x2: [2, 'i', 8], f32x4: [4, 'f', 4], f64x2: [2, 'f', 8] };
    const spec = lanes[shape];
    if (!spec) throw new Error(`wat: v128.const: unsupported shape ${shape}`);
    const [count, kind, width] = spec;
    const bytes = new Uint8Array(16);
    const view = new DataView(bytes.buffer);
    for (let k = 0; k < count; k++) {
      const lit = items[i + 1 + k];
      if (typeof lit !== 'string') throw new Error(`wat: v128.const: expected ${count} lanes`);
      if (kind === 'i') {
        if (width === 4) view.setInt32(4 * k, Number(BigInt.asIntN(32, BigInt(lit))), true);
        else view.setBigInt64(8 * k, BigInt.asIntN(64, BigInt(lit)), true);
      } else if (width === 4) view.setFloat32(4 * k, floatLiteral(lit), true);
      else view.setFloat64(8 * k, floatLiteral(lit), true);
    }
    this.out.push(...bytes);
    return i + 1 + count;
  }
}

function floatLiteral(t: string): number {
  if (t === 'inf' || t === '+inf') return Infinity;
  if (t === '-inf') return -Infinity;
  const v = Number(t.replace(/_/g, ''));
  if (Number.isNaN(v)) throw new Error(`wat: unsupported float literal ${t}`);
  return v;
}

/** Assemble WAT text (the subset described above) into a WebAssembly binary module. */
export function assembleWat(text: string): Uint8Array {
  const top = parse(text);
  if (top.length !== 1 || head(top[0]) !== 'module') throw new Error('wat: expected one (module …)');
  const fields = (top[0] as Sexp[]).slice(1);
  const funcs: Func[] = [];
  let memory: { pages: number; exportName?: string; importFrom?: [string, string] } | undefined;
  for (const f of fields) {
    const h = head(f);
    const form = f as Sexp[];
    if (h === 'func') funcs.push(parseFunc(form));
    else if (h === 'memory') {
      let exportName: string | undefined;
      let importFrom: [string, string] | undefined;
      let pages: number | undefined;
      for (const part of form.slice(1)) {
        if (head(part) === 'export') exportName = unquote((part as Sexp[])[1]);
        else if (head(part) === 'import') importFrom = [unquote((part as Sexp[])[1]), unquote((part as Sexp[])[2])];
        else if (typeof part === 'string' && /^\d+$/.test(part)) pages = Number(part);
      }
      if (pages === undefined) throw new Error('wat: memory needs a page count');
      memory = { pages, exportName, importFrom };
    } else throw new Error(`wat: unsupported module field ${JSON.stringify(h ?? f)}`);
  }
  // type section: one entry per distinct signature, in order of first use
  const types: string[] = [];
  const typeOf = (sig: FuncSig) => {
    const key = `${sig.params.join(',')}->${sig.results.join(',')}`;
    let idx = types.indexOf(key);
    if (idx < 0) idx = types.push(key) - 1;
    return idx;
  };
  const funcTypes = funcs.map((fn) => typeOf(fn.sig));
  const typeEntries = types.map((key) => {
    const [p, r] = key.split('->');
    const list = (s: string) => (s === '' ? [] : s.split(',').map((t) => [VALTYPE[t as ValType]]));
    return [0x60, ...vec(list(p)), ...vec(list(r))];
  });
  const bytes: number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
  if (typeEntries.length) bytes.push(...section(1, vec(typeEntries)));
  if (memory?.importFrom) bytes.push(...section(2, vec([[...name(memory.importFrom[0]), ...name(memory.importFrom[1]), 0x02, 0x00, ...uleb(memory.pages)]])));
  if (funcs.length) bytes.push(...section(3, vec(funcTypes.map((t) => uleb(t)))));
  if (memory && !memory.importFrom) bytes.push(...section(5, vec([[0x00, ...uleb(memory.pages)]])));
  const exportEntries: number[][] = [];
  if (memory?.exportName !== undefined) exportEntries.push([...name(memory.exportName), 0x02, 0x00]);
  funcs.forEach((fn, i) => {
    if (fn.exportName !== undefined) exportEntries.push([...name(fn.exportName), 0x00, ...uleb(i)]);
  });
  // wabt writes exports in text order: the memory field precedes the functions in our sources
  if (exportEntries.length) bytes.push(...section(7, vec(exportEntries)));
  const funcIndex = new Map<string, number>();
  funcs.forEach((fn, i) => {
    if (fn.id) funcIndex.set(fn.id, i);
  });
  const bodies = funcs.map((fn) => {
    const runs: number[][] = [];
    for (const t of fn.localTypes) {
      const last = runs[runs.length - 1];
      if (last && last[1] === VALTYPE[t]) last[0]++;
      else runs.push([1, VALTYPE[t]]);
    }
    const w = new BodyWriter(fn, funcIndex);
    w.run(fn.body);
    w.finish();
    const body = [...vec(runs.map(([c, t]) => [...uleb(c), t])), ...w.out, 0x0b];
    return [...uleb(body.length), ...body];
  });
  if (funcs.length) bytes.push(...section(10, vec(bodies)));
  return Uint8Array.from(bytes);
}
