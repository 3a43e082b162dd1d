/**
 * OTLP/gRPC receiver memory under the attack of issue 14: many streams, each sending a
 * message one byte short of complete (19 MB declared, 19 MB − 1 sent) and never finishing.
 * Baseline, same run, same attack: a @grpc/grpc-js server with the options the receiver
 * used before (`grpc.max_receive_message_length` 20 MiB, `grpc.max_concurrent_streams` 16).
 * Each server runs in its own child process, so the RSS figures are the server's alone:
 * before, the peak while the attack holds its streams open, and 3 s after it gave up.
 *
 * Run: `npm run bench:grpc-memory` (options: `--connections 4 --streams 16` per connection,
 * `--mb 19`); `--connections 12` gives the 192 streams of the issue (the baseline then
 * needs ~3.5 GB).
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as http2 from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { TRACE_EXPORT_PATH } from '../src/otlp/otlp-proto';
import { startOtlpReceiver } from '../src/otlp/receiver';
import { silentLogger } from '../src/telemetry/logger';

const MAX_BODY = 20 * 1024 * 1024;

function arg(name: string, def: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : def;
}

/** The child: one server, its port sent to the parent, its RSS on request. */
async function serve(kind: string): Promise<void> {
  let port: number;
  let inFlight = (): number => -1;
  if (kind === 'grpc-js') {
    const server = new grpc.Server({ 'grpc.max_receive_message_length': MAX_BODY, 'grpc.max_concurrent_streams': 16 });
    const id = (b: Buffer): Buffer => b;
    server.addService(
      { Export: { path: TRACE_EXPORT_PATH, requestStream: false, responseStream: false, requestSerialize: id, requestDeserialize: id, responseSerialize: id, responseDeserialize: id } },
      { Export: (_call: unknown, cb: grpc.sendUnaryData<Buffer>) => cb(null, Buffer.alloc(0)) },
    );
    port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  } else {
    const receiver = await startOtlpReceiver({ host: '127.0.0.1', port: 0, grpcPort: 0, maxBodyBytes: MAX_BODY, maxSpans: 100_000, retentionMs: 60_000 }, { logger: silentLogger() });
    port = Number(new URL(receiver.grpcUrl).port);
    inFlight = () => receiver.inFlight().peakBytes;
  }
  process.on('message', (m) => {
    if (m === 'gc') (globalThis as { gc?: () => void }).gc?.();
    process.send!({ rss: process.memoryUsage().rss, peakHeld: inFlight() });
  });
  process.send!({ port });
}

function ask(child: ChildProcess, message: string): Promise<{ rss: number; peakHeld: number }> {
  return new Promise((resolve) => {
    child.once('message', (m) => resolve(m as never));
    child.send(message);
  });
}

interface Outcome {
  kind: string;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
  refused: number;
  peakHeld: number;
}

async function attack(kind: string, connections: number, streams: number, mb: number): Promise<Outcome> {
  const child = fork(__filename, ['--serve', kind], { execArgv: ['--expose-gc'] });
  const { port } = await new Promise<{ port: number }>((resolve) => child.once('message', (m) => resolve(m as never)));
  const before = await ask(child, 'gc');
  const declared = mb * 1_000_000;
  const payload = Buffer.alloc(declared - 1, 0x0a);
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(declared, 1);
  let refused = 0;
  // The attacker queues GBs of writes: Node's client would otherwise reset its own streams
  // (ENHANCE_YOUR_CALM) past 10 MB of session memory, which no real attacker is bound by.
  const sessions = Array.from({ length: connections }, () => http2.connect(`http://127.0.0.1:${port}`, { maxSessionMemory: 1_000_000 }));
  const calls: Promise<void>[] = [];
  for (const session of sessions) {
    session.on('error', () => {});
    for (let s = 0; s < streams; s++) {
      const stream = session.request({ ':method': 'POST', ':path': TRACE_EXPORT_PATH, 'content-type': 'application/grpc', te: 'trailers' });
      stream.on('error', () => {});
      stream.on('response', (h) => {
        if (h['grpc-status'] !== undefined) refused++;
      });
      stream.on('trailers', (h) => {
        if (h['grpc-status'] !== undefined) refused++;
      });
      stream.resume();
      stream.write(prefix);
      calls.push(
        new Promise<void>((resolve) => {
          stream.write(payload, () => resolve());
          stream.once('close', () => resolve());
        }),
      );
    }
  }
  let peak = before.rss;
  const sampler = setInterval(() => void ask(child, 'rss').then((r) => (peak = Math.max(peak, r.rss))), 100);
  // Wait until every stream has either sent all it will send or been refused, then a moment more.
  await Promise.race([Promise.all(calls), new Promise((r) => setTimeout(r, 60_000))]);
  await new Promise((r) => setTimeout(r, 1000));
  clearInterval(sampler);
  const during = await ask(child, 'rss');
  peak = Math.max(peak, during.rss);
  for (const s of sessions) s.destroy();
  await new Promise((r) => setTimeout(r, 3000));
  const after = await ask(child, 'gc');
  child.kill();
  return { kind, rssBefore: before.rss, rssPeak: peak, rssAfter: after.rss, refused, peakHeld: during.peakHeld };
}

async function main(): Promise<void> {
  const connections = arg('connections', 4);
  const streams = arg('streams', 16);
  const mb = arg('mb', 19);
  const mib = (b: number): string => `${(b / 1024 / 1024).toFixed(0)} MiB`;
  console.log(`OTLP/gRPC memory: ${connections} connections × ${streams} streams, each ${mb} MB declared and ${mb} MB − 1 byte sent, never finished`);
  const results: Outcome[] = [];
  for (const kind of ['grpc-js', 'distroready']) {
    const r = await attack(kind, connections, streams, mb);
    results.push(r);
    const held = r.peakHeld >= 0 ? `, most request bytes held ${mib(r.peakHeld)}` : '';
    console.log(`  ${kind.padEnd(12)} RSS before ${mib(r.rssBefore)}, peak ${mib(r.rssPeak)}, 3 s after ${mib(r.rssAfter)}; streams answered early ${r.refused}${held}`);
  }
  const [base, ours] = results as [Outcome, Outcome];
  console.log(`  peak RSS growth, distroready / grpc-js baseline: ${((ours.rssPeak - ours.rssBefore) / Math.max(1, base.rssPeak - base.rssBefore)).toFixed(3)}`);
}

if (process.argv[2] === '--serve') {
  void serve(process.argv[3]!);
} else {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
