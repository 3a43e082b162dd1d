/**
 * OTLP/HTTP protobuf ingest: spans per second the embedded receiver accepts and indexes,
 * against a bare `http` server that only reads and discards the same bodies, measured in
 * the same run. The load generator is another process (this file with `--load`), posting
 * batches of 512 spans with 10 attributes each over keep-alive connections on loopback.
 * The receiver is single-threaded, so spans per CPU-second of the receiving process is the
 * per-core figure (goal ≥ 150,000). The span index runs with a short retention so that it
 * evicts as it would in a long-running `serve`.
 *
 * Regression flag: the decoding path the receivers use (`otlp-wire.ts`, bytes straight to
 * index entries) is timed against the named baseline "protobufjs decode + normalizeRequest"
 * (the path it replaced) on the same bodies in the same process, which a loaded machine
 * slows alike. Below `--floor` (default 1.5: a return to the baseline path is ~1.0) it
 * prints REGRESSION and exits 1.
 *
 * Run: `npm run bench:otlp` (options: `--seconds 5 --concurrency 8 --floor 1.5`); for the
 * retained heap a span as well: `node --expose-gc dist/bench/otlp-ingest.js`.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { normalizeRequest } from '../src/otlp/normalize';
import { decodeExportRequest, otlpTypes } from '../src/otlp/otlp-proto';
import { decodeSpans } from '../src/otlp/otlp-wire';
import { startOtlpReceiver } from '../src/otlp/receiver';
import { MemorySpanIndex } from '../src/otlp/span-index';
import { silentLogger } from '../src/telemetry/logger';

const SPANS_PER_BATCH = 512;
const ATTRIBUTES = 10;
const DISTINCT_BODIES = 32;

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

/** One ExportTraceServiceRequest of realistic shape: HTTP server spans, fresh ids. */
function batch(): Buffer {
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: SPANS_PER_BATCH }, (_, i) => ({
    traceId: randomBytes(16),
    spanId: randomBytes(8),
    parentSpanId: i % 4 === 0 ? Buffer.alloc(0) : randomBytes(8),
    name: `GET /api/items/:id`,
    kind: 2,
    startTimeUnixNano: (now + BigInt(i)).toString(),
    endTimeUnixNano: (now + BigInt(i) + 1_500_000n).toString(),
    attributes: [
      ['http.request.method', 'GET'],
      ['http.route', '/api/items/:id'],
      ['url.path', `/api/items/${i}`],
      ['url.scheme', 'http'],
      ['server.address', 'checkout.internal'],
      ['server.port', 8080],
      ['http.response.status_code', 200],
      ['network.protocol.version', '1.1'],
      ['user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64)'],
      ['client.address', '10.0.3.17'],
    ]
      .slice(0, ATTRIBUTES)
      .map(([key, v]) => ({ key, value: typeof v === 'number' ? { intValue: v } : { stringValue: v } })),
    status: { code: 0 },
  }));
  const request = {
    resourceSpans: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'checkout' } }, { key: 'service.version', value: { stringValue: '1.4.2' } }] },
        scopeSpans: [{ scope: { name: '@opentelemetry/instrumentation-http', version: '0.223.0' }, spans }],
      },
    ],
  };
  const type = otlpTypes().request;
  return Buffer.from(type.encode(type.fromObject(request)).finish());
}

/** The load generator (child process): posts for `seconds`, reports counts to the parent. */
async function load(url: string, seconds: number, concurrency: number): Promise<void> {
  const bodies = Array.from({ length: DISTINCT_BODIES }, batch);
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const counts = { ok: 0, refused: 0, bytes: 0 };
  const until = Date.now() + seconds * 1000;
  let n = 0;
  const postOne = (body: Buffer): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  const worker = async (): Promise<void> => {
    while (Date.now() < until) {
      const body = bodies[n++ % bodies.length]!;
      const status = await postOne(body);
      if (status === 200) {
        counts.ok++;
        counts.bytes += body.length;
      } else counts.refused++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  process.send!({ ...counts, bodyBytes: bodies[0]!.length });
}

interface Phase {
  name: string;
  spansPerSecond: number;
  spansPerCpuSecond: number;
  refused: number;
  bodyBytes: number;
  mbPerSecond: number;
}

async function measure(name: string, url: string, seconds: number, concurrency: number): Promise<Phase> {
  const child = fork(__filename, ['--load', url, String(seconds), String(concurrency)], { stdio: 'inherit' });
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const counts = await new Promise<{ ok: number; refused: number; bytes: number; bodyBytes: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as never));
    child.once('error', reject);
  });
  const wall = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const spans = counts.ok * SPANS_PER_BATCH;
  // The child's start-up (building its bodies) is inside `wall`; it is short next to the run.
  return {
    name,
    spansPerSecond: spans / wall,
    spansPerCpuSecond: spans / cpuSeconds,
    refused: counts.refused,
    bodyBytes: counts.bodyBytes,
    mbPerSecond: counts.bytes / wall / 1e6,
  };
}

const cpuMicros = (): number => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

const perCpuSecond = (spans: number, us: number): string => `${Math.round(spans / (us / 1e6)).toLocaleString('en-US')} spans per CPU-second (${(us / spans).toFixed(2)} µs a span)`;

/**
 * Where a span's cost goes, in this process: the baseline path (protobufjs decode, then
 * normalise) stage by stage, the wire decoder the receivers use, and indexing. CPU time
 * (the per-core figure), GC counted in whichever stage it falls. The two paths run in
 * alternating blocks of 16 batches, so a block's garbage is mostly collected within it and
 * load on the machine falls on both alike; the ratio is the median over the block pairs.
 */
function stages(blocks: number): { text: string; ratio: number } {
  const bodies = Array.from({ length: 16 }, batch);
  const index = new MemorySpanIndex({ maxSpans: 2_000_000, maxBytes: 1024 ** 3, retentionMs: 2000 });
  const us = { decode: 0, normalise: 0, wire: 0, index: 0 };
  const ratios: number[] = [];
  for (let block = 0; block < blocks; block++) {
    const base0 = us.decode + us.normalise;
    for (const body of bodies) {
      const t0 = cpuMicros();
      const decoded = decodeExportRequest(body);
      const t1 = cpuMicros();
      normalizeRequest(decoded, 'http/protobuf');
      us.decode += t1 - t0;
      us.normalise += cpuMicros() - t1;
    }
    const wire0 = us.wire;
    for (const body of bodies) {
      const t0 = cpuMicros();
      const { spans } = decodeSpans(body, 'http/protobuf');
      const t1 = cpuMicros();
      index.add(spans);
      us.wire += t1 - t0;
      us.index += cpuMicros() - t1;
    }
    ratios.push((us.decode + us.normalise - base0) / Math.max(1, us.wire - wire0));
  }
  ratios.sort((a, b) => a - b);
  const ratio = ratios[Math.floor(ratios.length / 2)]!;
  const spans = blocks * bodies.length * SPANS_PER_BATCH;
  const text = [
    `  stages in this process, ${blocks} blocks of ${bodies.length} batches a path:`,
    `    baseline "protobufjs decode + normalizeRequest": ${perCpuSecond(spans, us.decode + us.normalise)} (decode ${perCpuSecond(spans, us.decode)}, normalise ${perCpuSecond(spans, us.normalise)})`,
    `    wire decoder (otlp-wire.ts, what the receivers run): ${perCpuSecond(spans, us.wire)}`,
    `    index: ${perCpuSecond(spans, us.index)}; wire decoder + index: ${perCpuSecond(spans, us.wire + us.index)}`,
    `    ratio wire decoder / baseline, median of ${blocks} block pairs: ${ratio.toFixed(2)} (range ${ratios[0]!.toFixed(2)}-${ratios.at(-1)!.toFixed(2)})`,
  ].join('\n');
  return { text, ratio };
}

/** Heap retained per indexed span; needs `node --expose-gc`. */
function retainedPerSpan(batches: number): string {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return '  retained heap a span: run with node --expose-gc to measure';
  const bodies = Array.from({ length: batches }, batch);
  const index = new MemorySpanIndex({ maxSpans: 10_000_000, maxBytes: 1024 ** 4, retentionMs: 3_600_000 });
  gc();
  const before = process.memoryUsage().heapUsed;
  for (const body of bodies) index.add(decodeSpans(body, 'http/protobuf').spans);
  gc();
  const spans = index.stats().spans;
  const used = (process.memoryUsage().heapUsed - before) / spans;
  return `  retained heap a span: ${Math.round(used)} bytes measured, ${Math.round(index.stats().bytes / spans)} estimated by the index (${spans.toLocaleString('en-US')} spans)`;
}

function bareServer(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.end());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function main(): Promise<void> {
  const seconds = arg('seconds', 5);
  const concurrency = arg('concurrency', 8);
  const floor = arg('floor', 1.5);
  const bare = await bareServer();
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/v1/traces`;
  const receiver = await startOtlpReceiver(
    { host: '127.0.0.1', port: 0, grpcPort: 0, maxBodyBytes: 20 * 1024 * 1024, maxSpans: 2_000_000, retentionMs: 2000, maxIndexBytes: 1024 * 1024 * 1024 },
    { logger: silentLogger() },
  );
  const phases: Phase[] = [];
  phases.push(await measure('bare http read-and-discard', bareUrl, seconds, concurrency));
  phases.push(await measure('distroready OTLP receiver', `${receiver.httpUrl}/v1/traces`, seconds, concurrency));
  const stats = receiver.spanIndex.stats();
  await receiver.close();
  bare.close();
  const [base, ours] = phases as [Phase, Phase];
  console.log(`OTLP/HTTP protobuf ingest: batches of ${SPANS_PER_BATCH} spans × ${ATTRIBUTES} attributes (${base.bodyBytes} bytes a batch), ${concurrency} connections, ${seconds} s each`);
  for (const p of phases) {
    console.log(
      `  ${p.name.padEnd(28)} ${Math.round(p.spansPerSecond).toLocaleString('en-US').padStart(10)} spans/s  ${Math.round(p.spansPerCpuSecond).toLocaleString('en-US').padStart(10)} spans per CPU-second of the server  ${p.mbPerSecond.toFixed(1)} MB/s  refused ${p.refused}`,
    );
  }
  console.log(`  ratio receiver/bare (wall): ${(ours.spansPerSecond / base.spansPerSecond).toFixed(2)}; index at the end: ${stats.spans.toLocaleString('en-US')} spans, ${(stats.bytes / 1e6).toFixed(0)} MB (estimated)`);
  console.log(`  goal ≥ 150,000 spans per CPU-second: ${ours.spansPerCpuSecond >= 150_000 ? 'met' : 'NOT met'}`);
  const decoding = stages(25);
  console.log(decoding.text);
  console.log(retainedPerSpan(200));
  if (decoding.ratio < floor) {
    console.log(`REGRESSION: the receivers' decoding path is ${decoding.ratio.toFixed(2)}× its baseline, below the floor of ${floor}×`);
    process.exitCode = 1;
  } else console.log(`decoding path ${decoding.ratio.toFixed(2)}× its baseline (floor ${floor}×): ok`);
}

if (process.argv[2] === '--load') {
  load(process.argv[3]!, Number(process.argv[4]), Number(process.argv[5])).catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
