/**
 * Fault behaviours of a worker (benign faults, as opposed to crafted Byzantine vectors): plain
 * parameter objects the actors interpret, and their validation. Times are virtual
 * milliseconds; steps are model versions.
 */

/** Stops for good (sends and answers nothing) at virtual time `atMs`, or when it reaches step `atStep`. */
export interface CrashFault {
  readonly kind: 'crash';
  readonly atMs?: number;
  readonly atStep?: number;
}

/** Drops each of its own outgoing messages independently with probability `fraction` (its own `omission` stream). */
export interface OmissionFault {
  readonly kind: 'omission';
  readonly fraction: number;
}

/** Computes `slowdown` times slower (compute cost × slowdown), optionally only in [fromMs, toMs). */
export interface StragglerFault {
  readonly kind: 'straggler';
  readonly slowdown: number;
  readonly fromMs?: number;
  readonly toMs?: number;
}

export type Fault = CrashFault | OmissionFault | StragglerFault;

export const FAULT_KINDS = ['crash', 'omission', 'straggler'] as const;

const finiteNonNeg = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** A one-line message when the fault is invalid, else undefined. */
export function checkFault(fault: Fault): string | undefined {
  switch (fault.kind) {
    case 'crash': {
      const { atMs, atStep } = fault;
      if ((atMs === undefined) === (atStep === undefined)) return 'crash fault: give exactly one of atMs or atStep';
      if (atMs !== undefined && !finiteNonNeg(atMs)) return `crash fault: atMs must be a finite time ≥ 0, got ${atMs}`;
      if (atStep !== undefined && !(Number.isInteger(atStep) && atStep >= 0)) return `crash fault: atStep must be an integer ≥ 0, got ${atStep}`;
      return undefined;
    }
    case 'omission':
      return finiteNonNeg(fault.fraction) && fault.fraction <= 1 ? undefined : `omission fault: fraction must be in [0, 1], got ${fault.fraction}`;
    case 'straggler': {
      const { slowdown, fromMs, toMs } = fault;
      if (!(typeof slowdown === 'number' && Number.isFinite(slowdown) && slowdown >= 1))
        return `straggler fault: slowdown must be a finite number ≥ 1, got ${slowdown}`;
      if (fromMs !== undefined && !finiteNonNeg(fromMs)) return `straggler fault: fromMs must be a finite time ≥ 0, got ${fromMs}`;
      if (toMs !== undefined && !(finiteNonNeg(toMs) && toMs > (fromMs ?? 0))) return `straggler fault: toMs must be a time > fromMs, got ${toMs}`;
      return undefined;
    }
    default:
      return `unknown fault kind "${(fault as { kind: unknown }).kind}" (known: ${FAULT_KINDS.join(', ')})`;
  }
}

/** Whether a straggler fault slows compute at virtual time `nowMs`. */
export function stragglerActive(fault: StragglerFault, nowMs: number): boolean {
  return nowMs >= (fault.fromMs ?? 0) && nowMs < (fault.toMs ?? Infinity);
}

/** Whether a crash fault has happened by (nowMs, step). */
export function crashed(fault: CrashFault, nowMs: number, step: number): boolean {
  return fault.atMs !== undefined ? nowMs >= fault.atMs : step >= (fault.atStep ?? Infinity);
}
