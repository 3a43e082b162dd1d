/**
 * Hostile behaviour on demand: what a broken or overloaded cluster does to a client.
 * Each knob matches requests by `METHOD path?query`, so a test can break one call only.
 */
import type { ServerResponse } from 'node:http';
import { DEFAULT_WATCH_KNOBS, type WatchKnobs } from './watch';

export interface Knobs {
  /** Never answer (headers never come). */
  hang: RegExp | null;
  /** Answer 500 with an InternalError Status. */
  fail500: RegExp | null;
  /** Close the connection without an answer (the client sees ECONNRESET / socket hang up). */
  drop: RegExp | null;
  /** Answer a list with a body of `hugeListBytes` (items repeated), streamed. */
  hugeList: RegExp | null;
  hugeListBytes: number;
  watch: WatchKnobs;
}

export function defaultKnobs(): Knobs {
  return { hang: null, fail500: null, drop: null, hugeList: null, hugeListBytes: 50 * 1024 * 1024, watch: { ...DEFAULT_WATCH_KNOBS } };
}

/** Streams `{…List, items: [ filler… ]}` of about `bytes`, honouring back-pressure; counts what it wrote. */
export function sendHugeList(res: ServerResponse, kind: string, bytes: number, counter: { hugeBytesSent: number }): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  const item = JSON.stringify({ metadata: { name: 'filler', namespace: 'default', labels: { pad: 'x'.repeat(200) } }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  const chunk = Buffer.from(Array.from({ length: 200 }, () => item).join(',') + ',');
  res.write(`{"kind":"${kind}List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[`);
  let sent = 0;
  const pump = (): void => {
    while (sent < bytes) {
      sent += chunk.length;
      counter.hugeBytesSent += chunk.length;
      if (!res.write(chunk)) return void res.once('drain', pump);
    }
    res.end(`${item}]}`);
  };
  res.on('close', () => (sent = Infinity));
  pump();
}
