/**
 * A container's log read through the Kubernetes API (`pods/log`), never exec: what the
 * kubelet collected from its stdout and stderr. After the window (so the lines the other
 * probes' traffic caused are in), one bounded read with `tailLines`, `sinceSeconds` and
 * timestamps; each line keeps the time the kubelet stamped on it. With `previous`, the
 * last terminated instance instead: why a restarted container died.
 */
import type { PodLogRequest } from '../../types';
import type { KubeResult } from '../../types';
import { LineBuffer, type CapturedLine } from '../../shared/line-buffer';
import { sleep, type CollectOptions, type LogSource, type SourceLines } from './source';

export type PodLogReader = (r: PodLogRequest) => Promise<KubeResult<{ text: Buffer; truncated: boolean }>>;

export interface PodLogTarget {
  namespace: string;
  pod: string;
  container: string;
  previous: boolean;
  tailLines: number;
  sinceSeconds: number;
  limitBytes: number;
}

/** `2024-05-01T12:00:00.123456789Z ` as the kubelet prefixes each line with `timestamps=true`. */
const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(\.\d+)?(Z|[+-]\d\d:\d\d) /;

function unstamp(line: CapturedLine): CapturedLine {
  const m = STAMP.exec(line.text);
  if (!m) return line;
  const ms = Date.parse(`${m[1]}${(m[2] ?? '').slice(0, 4)}${m[3]}`);
  return { ...line, text: line.text.slice(m[0].length), time: Number.isFinite(ms) ? ms : line.time };
}

export function podLogSource(read: PodLogReader, t: PodLogTarget): LogSource {
  const label = `pods/log ${t.namespace}/${t.pod} container ${t.container}${t.previous ? ' (previous instance)' : ''}`;
  return {
    kind: 'kubernetes',
    label,
    async collect(opts: CollectOptions): Promise<SourceLines> {
      if (!t.previous) await sleep(opts.windowMs, opts.signal);
      const limitBytes = Math.min(t.limitBytes, opts.maxBytes);
      const r = await read({ namespace: t.namespace, pod: t.pod, container: t.container, previous: t.previous, tailLines: Math.min(t.tailLines, opts.maxLines), sinceSeconds: t.previous ? undefined : t.sinceSeconds, limitBytes, timestamps: true, signal: opts.signal });
      if (!r.ok) return { kind: 'kubernetes', label, lines: [], dropped: 0, error: `${r.error.request} → ${r.error.status ?? r.error.kind}: ${r.error.message}`, notes: [] };
      const buffer = new LineBuffer({ maxLines: opts.maxLines, maxLineBytes: opts.maxLineBytes });
      const split = buffer.splitter('pod');
      split.write(r.value.text);
      split.end();
      const notes = r.value.truncated || r.value.text.length >= limitBytes ? [`the log was cut at ${limitBytes} bytes (limitBytes)`] : [];
      return { kind: 'kubernetes', label, lines: buffer.snapshot().map(unstamp), dropped: buffer.dropped, error: null, notes };
    },
  };
}
