/**
 * The well-known fields of a logfmt line, read straight from the line into slots: no
 * object per line, and `fieldsOf` keeps seeing only JSON objects, which keeps its
 * property reads fast when a workload mixes JSON and logfmt.
 */
import { idOf, levelValid, LEVEL_KEYS, MSG_KEYS, SPAN_KEYS, STACK_KEYS, timeParses, TIME_KEYS, TRACE_KEYS, type LineFields } from './fields';
import { KeySet, scanLogfmt, type PairSink } from './logfmt';

const KEYS = new KeySet([...TIME_KEYS, ...LEVEL_KEYS, ...MSG_KEYS, ...TRACE_KEYS, ...SPAN_KEYS, ...STACK_KEYS]);
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
const TIME = range(0, TIME_KEYS.length);
const LEVEL = range(TIME.length, LEVEL_KEYS.length);
const MSG = range(TIME.length + LEVEL.length, MSG_KEYS.length);
const TRACE = range(MSG[MSG.length - 1]! + 1, TRACE_KEYS.length);
const SPAN = range(TRACE[TRACE.length - 1]! + 1, SPAN_KEYS.length);
const STACK = range(SPAN[SPAN.length - 1]! + 1, STACK_KEYS.length);

class Slots implements PairSink {
  readonly values: (string | undefined)[] = new Array<string | undefined>(KEYS.keys.length);

  slot(text: string, start: number, end: number): number {
    return KEYS.find(text, start, end);
  }

  value(slot: number, value: string): void {
    this.values[slot] ??= value;
  }

  /** The first slot of `slots` holding a value, or -1. */
  first(slots: number[]): number {
    for (const s of slots) if (this.values[s] !== undefined) return s;
    return -1;
  }
}

// One reused instance: classification is synchronous, one line at a time.
const slots = new Slots();

/** Fields of a logfmt line, or `null` when the line is not logfmt. */
export function logfmtFields(text: string): LineFields | null {
  slots.values.fill(undefined);
  if (!scanLogfmt(text, slots)) return null;
  const v = slots.values;
  const t = slots.first(TIME);
  const l = slots.first(LEVEL);
  const m = slots.first(MSG);
  const tr = slots.first(TRACE);
  const sp = slots.first(SPAN);
  return {
    timeKey: t === -1 ? null : KEYS.keys[t]!,
    timeOk: t !== -1 && timeParses(v[t]),
    levelKey: l === -1 ? null : KEYS.keys[l]!,
    levelOk: l !== -1 && levelValid(v[l]),
    msgKey: m === -1 ? null : KEYS.keys[m]!,
    traceId: tr === -1 ? null : idOf(v[tr]),
    spanId: sp === -1 ? null : idOf(v[sp]),
    stackInside: STACK.some((s) => v[s] !== undefined && v[s].indexOf('\n') !== -1),
  };
}
