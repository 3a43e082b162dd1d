/**
 * The well-known fields of a logfmt line, read straight from the line into slots: no
 * object per line, and `fieldsOf` keeps seeing only JSON objects, which keeps its
 * property reads fast when a workload mixes JSON and logfmt.
 */
import { idOf, levelValid, looksIso, LEVEL_KEYS, MSG_KEYS, SPAN_KEYS, STACK_KEYS, timeParses, TIME_KEYS, TRACE_KEYS, type LineFields } from './fields';
import { KeySet, scanLogfmt, unquote, type PairSink } from './logfmt';

const KEYS = new KeySet([...TIME_KEYS, ...LEVEL_KEYS, ...MSG_KEYS, ...TRACE_KEYS, ...SPAN_KEYS, ...STACK_KEYS]);
const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);
const TIME = range(0, TIME_KEYS.length);
const LEVEL = range(TIME.length, LEVEL_KEYS.length);
const MSG = range(TIME.length + LEVEL.length, MSG_KEYS.length);
const TRACE = range(MSG[MSG.length - 1]! + 1, TRACE_KEYS.length);
const SPAN = range(TRACE[TRACE.length - 1]! + 1, SPAN_KEYS.length);
const STACK = range(SPAN[SPAN.length - 1]! + 1, STACK_KEYS.length);

/** Where each wanted key's value sits in the line; -1 when absent. First occurrence wins. */
class Slots implements PairSink {
  readonly starts = new Int32Array(KEYS.keys.length);
  readonly ends = new Int32Array(KEYS.keys.length);
  readonly quoted = new Uint8Array(KEYS.keys.length);
  text = '';

  reset(text: string): void {
    this.starts.fill(-1);
    this.text = text;
  }

  slot(text: string, start: number, end: number): number {
    return KEYS.find(text, start, end);
  }

  value(slot: number, _text: string, start: number, end: number, quoted: boolean): void {
    if (this.starts[slot] !== -1) return;
    this.starts[slot] = start;
    this.ends[slot] = end;
    this.quoted[slot] = quoted ? 1 : 0;
  }

  /** The first slot of `slots` holding a value, or -1. */
  first(slots: number[]): number {
    for (const s of slots) if (this.starts[s] !== -1) return s;
    return -1;
  }

  str(slot: number): string {
    const raw = this.text.slice(this.starts[slot], this.ends[slot]);
    return this.quoted[slot] === 1 ? unquote(raw) : raw;
  }

  /** A quoted value holding an escaped newline: a multi-line stack kept in one field. */
  multiLine(slot: number): boolean {
    if (this.starts[slot] === -1 || this.quoted[slot] === 0) return false;
    const nl = this.text.indexOf('\\n', this.starts[slot]);
    return nl !== -1 && nl < this.ends[slot];
  }
}

// One reused instance: classification is synchronous, one line at a time.
const slots = new Slots();

/** Fields of a logfmt line, or `null` when the line is not logfmt. */
export function logfmtFields(text: string): LineFields | null {
  slots.reset(text);
  if (!scanLogfmt(text, slots)) return null;
  const t = slots.first(TIME);
  const l = slots.first(LEVEL);
  const m = slots.first(MSG);
  const tr = slots.first(TRACE);
  const sp = slots.first(SPAN);
  let stackInside = false;
  for (const s of STACK) if (slots.multiLine(s)) stackInside = true;
  return {
    timeKey: t === -1 ? null : KEYS.keys[t]!,
    // RFC 3339 checked in place; anything else (epoch numbers, other formats) sliced and parsed.
    timeOk: t !== -1 && (looksIso(text, slots.starts[t], slots.ends[t]) || timeParses(slots.str(t))),
    levelKey: l === -1 ? null : KEYS.keys[l]!,
    levelOk: l !== -1 && levelValid(slots.str(l)),
    msgKey: m === -1 ? null : KEYS.keys[m]!,
    traceId: tr === -1 ? null : idOf(slots.str(tr)),
    spanId: sp === -1 ? null : idOf(slots.str(sp)),
    stackInside,
  };
}
