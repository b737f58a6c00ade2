/**
 * The scenario schema (zod): the shape of every field, its default and its range. Rules that
 * relate fields (f < n, q ≤ n, n large enough for the GAR…) are checked in `validate.ts`.
 * Times are in milliseconds of virtual time.
 */
import { z } from 'zod';
import { MAX_DELAY_MS } from '../net/delay/types.ts';

/**
 * A rule/attack/mechanism parameter; YAML's `.inf` (ε = ∞) is allowed, NaN is not, and the
 * strings "Infinity"/"-Infinity" (how config.json writes ∞, JSON having no infinities) read as ∞.
 * Each entry's own schema then says which values it takes (checks/params.ts).
 */
const infinite = z.custom<number>((v) => v === Infinity || v === -Infinity, { message: 'expected a number' });
const infiniteText = z.union([z.literal('Infinity'), z.literal('-Infinity')]).transform(Number);
const param = z.union([z.number(), infinite, infiniteText, z.string(), z.boolean()]);
const params = z.record(z.string(), param);
const named = z.union([z.string(), z.object({ name: z.string(), params: params.optional() }).strict()]);
const nonNeg = z.number().finite().min(0);
/** A virtual time, or a cost per unit of work: bounded so that virtual time stays finite (timeMs is never null). */
const ms = nonNeg.max(MAX_DELAY_MS, `≤ ${MAX_DELAY_MS.toExponential().replace('e+', 'e')}, the longest time byzsim simulates`);
const positiveMs = ms.refine((v) => v > 0, 'must be > 0');
const prob = z.number().min(0).max(1);
const int = (min: number) => z.number().int().min(min);
const momentum = z.number().min(0).lt(1);

export const dataSchema = z
  .object({
    name: z.enum(['mnist', 'fashion-mnist', 'idx', 'synthetic', 'libsvm', 'csv']).default('mnist'),
    /** Examples kept for training / testing (deterministic split; of a standard split's parts: a subset of each). */
    train: int(1).optional(),
    test: int(1).optional(),
    /** For libsvm / csv: the file to read; idx: the examples file; fashion-mnist: the directory of its four IDX files. */
    path: z.string().min(1).optional(),
    /** For idx: the labels file. */
    labels: z.string().min(1).optional(),
    /** For csv: the field delimiter (default `,`, or `;` / tab when the first line holds more of them). */
    delimiter: z.string().min(1).max(8).optional(),
    /** For synthetic: number of features d and of examples. */
    features: int(1).optional(),
    examples: int(2).optional(),
    /** For csv: the label column (0-based index or header name; default last). */
    labelColumn: z.union([int(0), z.string()]).optional(),
    partition: z.union([z.literal('iid'), z.object({ dirichlet: z.number().positive() }).strict()]).default('iid'),
  })
  .strict();

export const modelSchema = z
  .object({
    name: z.enum(['logreg', 'svm', 'mlp', 'cnn']).default('mlp'),
    hidden: z.array(int(1)).optional(),
    filters: z.tuple([int(1), int(1)]).optional(),
  })
  .strict();

export const scheduleSchema = z
  .object({
    /** First step at which attackers act. */
    start: int(0).optional(),
    /** Act every k-th step (counted from start). */
    every: int(1).optional(),
    /** On-windows [from, to) in steps. */
    windows: z.array(z.tuple([int(0), int(0)])).optional(),
    /** How many of the f Byzantine workers act (default all f). */
    count: int(0).optional(),
  })
  .strict();

/**
 * Benign faults of given workers (see src/attacks/faults.ts): crash, omission, straggler. The
 * faulty node is `worker` (an index) or `node` (a name of the protocol's node table, e.g. `w3`).
 */
const faultyNode = { worker: int(0).optional(), node: z.string().optional() };
export const faultSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('crash'), ...faultyNode, atMs: ms.optional(), atStep: int(0).optional() }).strict(),
  z.object({ kind: z.literal('omission'), ...faultyNode, fraction: prob }).strict(),
  z.object({ kind: z.literal('straggler'), ...faultyNode, slowdown: z.number().min(1).max(MAX_DELAY_MS), fromMs: ms.optional(), toMs: ms.optional() }).strict(),
]);

export const workersSchema = z
  .object({
    n: int(1),
    /** Byzantine workers (the last f indices). */
    f: int(0).default(0),
    batch: int(1).default(32),
    attack: named.optional(),
    /** When attackers act: a named schedule (always, aggressive, mild) or {start, every, windows, count}. */
    schedule: z.union([z.string(), scheduleSchema]).optional(),
    privacy: z.array(named).or(named).optional(),
    /**
     * DP-SGD (Abadi et al. 2016) on honest workers: per-example clipping to `clip`, Gaussian noise
     * σ·clip on the sum, divided by the expected batch; Poisson sampling at q = batch / shard size
     * (or fixed-size batches). done.json reports (ε, δ) from the RDP accountant.
     */
    dpsgd: z
      .object({
        clip: z.number().positive(),
        sigma: nonNeg,
        sampling: z.enum(['poisson', 'fixed']).default('poisson'),
        delta: z.number().gt(0).lt(1).default(1e-5),
      })
      .strict()
      .optional(),
    faults: z.array(faultSchema).default([]),
    /** Worker momentum β ∈ [0, 1): honest workers send m = β·m + (1 − β)·g, ByzFL's clients' (0 when omitted). */
    momentum: momentum.optional(),
  })
  .strict();

const lrScheduleSchema = z
  .object({ every: int(1).optional(), milestones: z.array(int(1)).min(1).optional(), factor: z.number().gt(0).max(1) })
  .strict()
  .refine((x) => (x.every === undefined) !== (x.milestones === undefined), {
    message: 'give exactly one of every (a period in steps) or milestones (a list of steps)',
  })
  .refine((x) => x.milestones === undefined || x.milestones.every((m, i) => i === 0 || m > x.milestones![i - 1]), {
    message: 'milestones must be strictly increasing',
  });

export const serverSchema = z
  .object({
    /** Aggregation pipeline: `median`, `nnm → krum`, {name, params}, or a list of steps. */
    gar: z.union([z.string(), z.object({ name: z.string(), params: params.optional() }).strict(), z.array(named)]).default('average'),
    /** f the GAR is configured to tolerate (default: workers.f). */
    f: int(0).optional(),
    policy: z.enum(['sync', 'async']).default('sync'),
    /** Async: gradients awaited per step (default n − f). Sync: the minimum to aggregate after a timeout (default n − f). */
    quorum: int(1).optional(),
    /** Sync: stop waiting for all n after this long (default: wait forever). Both policies: on each
     * timeout, send the model again to the workers that have not answered (lossy links). */
    timeoutMs: positiveMs.optional(),
    lr: z.number().positive().default(0.1),
    /** Step decay of lr (src/protocols/runtime/optimizer.ts): × factor at every multiple of `every`, or at each of `milestones`. */
    lrSchedule: lrScheduleSchema.optional(),
    /** Server momentum μ ∈ [0, 1) on the aggregate, PyTorch SGD's (0 when omitted). */
    momentum: momentum.optional(),
    /** Weight decay λ: λ·w added to the aggregate before the momentum (coupled L2, PyTorch SGD's; 0 when omitted). */
    weightDecay: nonNeg.optional(),
    convention: z.enum(['paper', 'byzfl']).default('paper'),
  })
  .strict();

/** Replicated servers (protocols guanyu and liubei): n_ps replicas, the last f_ps Byzantine. */
export const serversSchema = z
  .object({
    n: int(1),
    f: int(0).default(0),
    /** q_ps: replica models a worker or replica waits for (default n_ps − f_ps). */
    quorum: int(1).optional(),
    /** What Byzantine replicas do with the models they send: a server behaviour (`byzsim list server-attacks`) and its params. */
    attack: named.optional(),
    /**
     * Crash-stop replicas: `node` (a replica's name, e.g. s2) stops at virtual time `atMs` and never
     * sends nor handles anything again. A crashed correct replica counts against the protocol's
     * fault budget beside the f_ps Byzantine ones (see each protocol's assumptions).
     */
    crashes: z.array(z.object({ node: z.string(), atMs: ms }).strict()).optional(),
  })
  .strict();

export const delaySchema = z.object({ model: z.string().default('exponential') }).catchall(z.number());

export const synchronySchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('synchronous'), deltaMs: positiveMs }).strict(),
  z.object({ mode: z.literal('partial'), deltaMs: positiveMs, gstMs: ms }).strict(),
  z.object({ mode: z.literal('asynchronous') }).strict(),
]);

export const networkSchema = z
  .object({
    delay: delaySchema.default({ model: 'exponential' } as never),
    synchrony: synchronySchema.default({ mode: 'asynchronous' }),
    loss: prob.default(0),
    duplication: prob.default(0),
    /**
     * Windows [fromMs, toMs) in which links are cut: between `groups` (two-way), or from the nodes
     * of `from` to those of `to` (one-way). `inFlight`: what becomes of the messages already on the
     * wire when the window opens — `deliver` (default) or `drop` (src/net/partition.ts).
     */
    partitions: z
      .array(
        z
          .object({
            fromMs: ms,
            toMs: ms,
            groups: z.array(z.array(z.string())).optional(),
            from: z.array(z.string()).optional(),
            to: z.array(z.string()).optional(),
            inFlight: z.enum(['drop', 'deliver']).optional(),
          })
          .strict(),
      )
      .default([]),
    /** Per-link overrides, first match wins: `from`/`to` are node names (server, w0…) or `*`. */
    links: z
      .array(
        z
          .object({
            from: z.string().default('*'),
            to: z.string().default('*'),
            delay: delaySchema.optional(),
            loss: prob.optional(),
            duplication: prob.optional(),
          })
          .strict(),
      )
      .default([]),
    /** The network's scheduler: a network adversary (`byzsim list adversaries`) and its params, within the synchrony mode. */
    adversary: named.optional(),
  })
  .strict();

export const computeSchema = z
  .object({
    gradient: z
      .object({ fixedMs: ms.default(1), perExampleMs: ms.default(0.05), perParamNs: ms.default(0) })
      .strict()
      .default({ fixedMs: 1, perExampleMs: 0.05, perParamNs: 0 }),
    /**
     * Aggregation's virtual cost (src/protocols/runtime/costs.ts): `model: linear` (default) charges
     * fixedMs + perValueNs·n·d for every rule; `model: law` the pipeline's cost law × floorNsPerValue + fixedMs.
     */
    aggregate: z
      .object({
        model: z.enum(['linear', 'law']).optional(),
        fixedMs: ms.default(0.5),
        perValueNs: ms.default(1),
        floorNsPerValue: z.number().positive().optional(),
      })
      .strict()
      .refine((a) => a.model === 'law' || a.floorNsPerValue === undefined, { message: 'floorNsPerValue is for model: law (model: linear charges perValueNs)' })
      .default({ fixedMs: 0.5, perValueNs: 1 }),
  })
  .strict();

/**
 * When a run that cannot finish is ended as stalled (src/protocols/runtime/limits.ts gives the
 * defaults, derived from the run's timing): no step within `stallMs`, a node re-sending one step
 * `maxResends` times with nothing new admitted, virtual time past `maxTimeMs`, `maxEvents` events.
 */
export const limitsSchema = z
  .object({
    stallMs: z.number().positive().optional(),
    maxTimeMs: z.number().positive().optional(),
    maxEvents: int(1).optional(),
    maxResends: int(1).optional(),
  })
  .strict();

/** One fully specified run. */
export const runSchema = z
  .object({
    name: z.string().default('run'),
    description: z.string().optional(),
    seed: z.union([int(0), z.string()]).default(1),
    steps: int(1).default(100),
    /**
     * Run even where the protocol's assumptions (its registry entry's `assumptions`: bounds on n, f,
     * quorums, synchrony) do not hold (`run --unsafe`). Absent unless given, so configurations inside
     * the assumptions keep their identity.
     */
    unsafe: z.boolean().optional(),
    /** Evaluate test accuracy every k steps (and at the last step). */
    evalEvery: int(1).default(10),
    /**
     * Log the VN ratio of the honest vectors aggregated (against a reference batch's gradient, one
     * extra gradient of `vnBatch` examples per logged step): true at the evaluated steps (every
     * `evalEvery` and the last), k every k-th step and the last, false never.
     */
    logVnRatio: z.union([z.boolean(), int(1)]).default(true),
    /** B, the reference batch of the VN ratio, drawn evenly from the honest workers' shards (default 1024). */
    vnBatch: int(2).optional(),
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    threads: z.union([int(1), z.literal('auto')]).default(1),
    /** A protocol of the registry (src/protocols/index.ts; `byzsim list protocols`), checked by validation against it. */
    protocol: z.string().default('ps'),
    servers: serversSchema.optional(),
    /**
     * BTARD (src/protocols/btard/config.ts): validators drawn per all-reduce round among all
     * members, each recomputing one other member's gradient, with probability `probability` per
     * round; `timeoutMs`, the network part of each phase's deadline (a member silent past it is
     * banned); `byzantine`, what the Byzantine peers do besides `workers.attack` (a registry:
     * wrong-aggregate, false-accusation, false-check, silent).
     */
    btard: z
      .object({
        validators: int(0).default(1),
        probability: prob.default(1),
        timeoutMs: z.number().positive().optional(),
        byzantine: z.array(named).default([]),
      })
      .strict()
      .optional(),
    /**
     * LiuBei (src/protocols/liubei/config.ts): `T` the gather period (default ⌊1/(3·L·γ)⌋, at least
     * 1), `lipschitz` L the loss's Lipschitz constant it is derived from (default 1), `quantile` of the
     * Lipschitz filter over each replica's latest coefficient (default (n_ps − f_ps)/n_ps),
     * `deltaMs` the delay bound Δ it assumes (default network.synchrony.deltaMs), `gather` the rule
     * of the gather phase (meamed, or average: plain averaging of replicas), `filters` (default true),
     * the model filter's constants (liubei/model-filter.ts): `sigma` σ the correct gradients' noise
     * (default: each worker's own estimate), `deviation` c_F the GAR's deviation bound (default
     * 1/k_F(n, f) of the GAR, else √(n − f)) and `workerEquivocation` (default false: byzsim's Byzantine
     * workers send one gradient to every replica; true allows for the drift between correct replicas
     * that Byzantine workers sending each replica a different gradient cause, the paper's threat).
     */
    liubei: z
      .object({
        T: int(1).optional(),
        lipschitz: z.number().positive().finite().default(1),
        quantile: z.number().gt(0).max(1).optional(),
        deltaMs: positiveMs.optional(),
        gather: z.enum(['meamed', 'average']).default('meamed'),
        filters: z.boolean().default(true),
        sigma: z.number().positive().finite().optional(),
        deviation: z.number().positive().finite().optional(),
        workerEquivocation: z.boolean().optional(),
      })
      .strict()
      .optional(),
    /**
     * DLG (src/protocols/dlg/): the curious server's gradient-matching attack on each gradient it
     * receives — Adam `iterations` at rate `lr`; `labels`: idlg (batch 1), optimize (soft labels,
     * as the original), known (the server knows the labels), auto (idlg at batch 1, else optimize).
     */
    dlg: z
      .object({
        iterations: int(1).max(100_000).default(300),
        lr: z.number().positive().finite().default(0.1),
        labels: z.enum(['auto', 'idlg', 'optimize', 'known']).default('auto'),
      })
      .strict()
      .optional(),
    data: dataSchema.default({ name: 'mnist', partition: 'iid' }),
    model: modelSchema.default({ name: 'mlp' }),
    workers: workersSchema,
    server: serverSchema.default({ gar: 'average', policy: 'sync', lr: 0.1, convention: 'paper' }),
    network: networkSchema.default({
      delay: { model: 'exponential' },
      synchrony: { mode: 'asynchronous' },
      loss: 0,
      duplication: 0,
      partitions: [],
      links: [],
    } as never),
    compute: computeSchema.default({ gradient: { fixedMs: 1, perExampleMs: 0.05, perParamNs: 0 }, aggregate: { fixedMs: 0.5, perValueNs: 1 } }),
    limits: limitsSchema.optional(),
  })
  .strict();

export type RunConfig = z.infer<typeof runSchema>;

const seedsSchema = z
  .array(int(0))
  .min(1)
  .refine((s) => new Set(s).size === s.length, { message: 'seeds must be distinct' });

/**
 * A named size of a scenario (`sizes: { quick: … }`, chosen with `run --size quick`; see
 * size.ts): dotted overrides for every run, fewer values for some grid keys, fewer variants
 * (by label), other seeds.
 */
export const sizeSchema = z
  .object({
    description: z.string().optional(),
    set: z.record(z.string(), z.unknown()).optional(),
    grid: z.record(z.string(), z.array(z.unknown()).min(1)).optional(),
    variants: z.array(z.string()).min(1).optional(),
    seeds: seedsSchema.optional(),
  })
  .strict();

/** A scenario file: one run, plus an optional grid (dotted path → values) and/or list of variants. */
export const scenarioExtras = z
  .object({
    grid: z.record(z.string(), z.array(z.unknown()).min(1)).optional(),
    variants: z.array(z.object({ label: z.string().optional(), set: z.record(z.string(), z.unknown()) }).strict()).optional(),
    /** Repeat every configuration once per seed (each run's `seed`); reports draw mean and band over them. */
    seeds: seedsSchema.optional(),
    /** Named sizes (e.g. `quick`, what CI runs in seconds); the file without a size is the full size. */
    sizes: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, 'a size name is a word: letters, digits, - and _'), sizeSchema).optional(),
    /** Optional figure specification for the report. */
    report: z
      .object({
        title: z.string().optional(),
        x: z.enum(['timeMs', 'step']).default('timeMs'),
        y: z.array(z.enum(['testAccuracy', 'trainLoss', 'testLoss'])).default(['testAccuracy']),
        /** Dotted keys whose values make small multiples (one panel per value combination). */
        panels: z.array(z.string()).optional(),
        /** A numeric dotted key: final test accuracy (or `summaryMetric`) against it, one line per other configuration. */
        summary: z.string().optional(),
        /** What the summary figure draws against its key: `finalAccuracy` (default), or a metrics field, each run's mean over its rows (e.g. DLG's psnr). */
        summaryMetric: z.string().min(1).optional(),
        /** The band around a mean over seeds: ± one standard deviation, or min–max. */
        band: z.enum(['sd', 'minmax']).default('sd'),
        /** Lines per panel before a figure is split into panels by a grid key. */
        maxLines: int(1).optional(),
        /** Extra figures zoomed on steps [fromStep, toStep] (an attack onset). */
        zoom: z
          .object({
            fromStep: int(0),
            toStep: int(1),
            y: z
              .array(z.enum(['testAccuracy', 'trainLoss', 'testLoss']))
              .min(1)
              .optional(),
          })
          .strict()
          .refine((zm) => zm.toStep > zm.fromStep, { message: 'toStep must be greater than fromStep' })
          .optional(),
        /** Final test accuracy over two grid keys (or `variant`), e.g. { rows: server.gar, columns: workers.attack }. */
        heatmap: z.object({ rows: z.string(), columns: z.string() }).strict().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
