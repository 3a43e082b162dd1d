/**
 * The OTLP/gRPC receiver attacked as a hostile client would, over real HTTP/2 on loopback:
 * many streams each holding a message one byte short of complete, more connections and
 * streams than allowed, idle connections. What is asserted is what the receiver holds
 * (bytes in flight, counted), never RSS or time; the RSS figures are in bench/grpc-memory.ts.
 */
import * as http2 from 'node:http2';
import * as net from 'node:net';
import { TRACE_EXPORT_PATH } from '../../src/otlp/otlp-proto';
import type { OtlpReceiver } from '../../src/otlp/receiver';
import { eventually } from '../support/eventually';
import { makeSpans, protobufBody, startTestReceiver } from '../support/otlp';
import { post } from '../support/otlp-post';

const MAX_BODY = 256 * 1024;
const BUDGET = 1024 * 1024;

interface Answer {
  status: string | null;
  /** How the stream ended: answered with a gRPC status, reset by the server, or errored. */
  how: 'status' | 'reset' | 'error';
}

function connect(url: string): Promise<http2.ClientHttp2Session> {
  return new Promise((resolve, reject) => {
    const session = http2.connect(url, { maxSessionMemory: 1000 });
    session.once('connect', () => resolve(session));
    session.once('error', reject);
  });
}

/** Sends the 5-byte prefix declaring `declared` bytes, then `send` bytes of it, and never ends. */
function partialCall(session: http2.ClientHttp2Session, declared: number, send: number): { answer: Promise<Answer>; stream: http2.ClientHttp2Stream } {
  const stream = session.request({ ':method': 'POST', ':path': TRACE_EXPORT_PATH, 'content-type': 'application/grpc', te: 'trailers' });
  const prefix = Buffer.alloc(5);
  prefix.writeUInt32BE(declared, 1);
  stream.write(prefix);
  stream.write(Buffer.alloc(send, 0x0a));
  const answer = new Promise<Answer>((resolve) => {
    let status: string | null = null;
    stream.on('response', (headers) => {
      if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status']);
    });
    stream.on('trailers', (headers) => {
      status = String(headers['grpc-status']);
    });
    stream.on('error', () => resolve({ status, how: 'error' }));
    stream.on('close', () => resolve({ status, how: status !== null ? 'status' : 'reset' }));
    stream.resume();
  });
  return { answer, stream };
}

describe('OTLP/gRPC receiver under attack', () => {
  let receiver: OtlpReceiver;
  beforeEach(async () => {
    receiver = await startTestReceiver({ maxBodyBytes: MAX_BODY, maxInFlightBytes: BUDGET, maxConcurrentStreams: 4, maxConnections: 8, idleTimeoutMs: 60_000 });
  });
  afterEach(() => receiver.close());

  it('holds no more than the shared in-flight budget when 24 streams each stop one byte short of a message at the cap', async () => {
    const sessions = await Promise.all(Array.from({ length: 6 }, () => connect(receiver.grpcUrl)));
    try {
      const calls = sessions.flatMap((s) => Array.from({ length: 4 }, () => partialCall(s, MAX_BODY, MAX_BODY - 1)));
      // 24 × 256 KiB = 6 MiB offered against a 1 MiB budget: all but the few that fit are refused.
      const refused = await eventually('the over-budget streams to be refused', 10_000, async () => {
        const settled = await Promise.all(calls.map((c) => Promise.race([c.answer, new Promise<null>((r) => setTimeout(() => r(null), 20))])));
        const done = settled.filter((a): a is Answer => a !== null);
        return done.length >= calls.length - Math.floor(BUDGET / MAX_BODY) ? done : undefined;
      });
      expect(refused.every((a) => a.status === '14')).toBe(true); // UNAVAILABLE: retry later
      const held = receiver.inFlight();
      expect(held.peakBytes).toBeLessThanOrEqual(BUDGET);
      expect(held.bytes).toBeLessThanOrEqual(BUDGET);
      expect(held.peakBytes).toBeGreaterThan(BUDGET / 2); // the budget was really used, not bypassed
      for (const c of calls) c.stream.close(http2.constants.NGHTTP2_CANCEL);
      await eventually('held bytes to be released when the clients give up', 5000, async () => (receiver.inFlight().bytes === 0 ? true : undefined));
    } finally {
      for (const s of sessions) s.destroy();
    }
  });

  it('shares the budget with OTLP/HTTP: gRPC streams holding it make an HTTP export wait (503), and it goes through once they leave', async () => {
    const session = await connect(receiver.grpcUrl);
    try {
      // Four streams of 5 + 256 KiB − 8 bytes: 12 bytes of the 1 MiB budget left.
      const calls = Array.from({ length: 4 }, () => partialCall(session, MAX_BODY, MAX_BODY - 8));
      await eventually('the gRPC streams to hold the budget', 5000, async () => (receiver.inFlight().bytes === BUDGET - 12 ? true : undefined), undefined, 20);
      const body = protobufBody(makeSpans(50, 'http-beside-grpc'));
      const busy = await post(`${receiver.httpUrl}/v1/traces`, body, { 'content-type': 'application/x-protobuf' });
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBeDefined();
      for (const c of calls) c.stream.close(http2.constants.NGHTTP2_CANCEL);
      await eventually('the budget to drain', 5000, async () => (receiver.inFlight().bytes === 0 ? true : undefined));
      expect((await post(`${receiver.httpUrl}/v1/traces`, body, { 'content-type': 'application/x-protobuf' })).status).toBe(200);
    } finally {
      session.destroy();
    }
  });

  it('answers RESOURCE_EXHAUSTED as soon as a declared length is over the cap, before reading the message', async () => {
    const session = await connect(receiver.grpcUrl);
    try {
      const call = partialCall(session, 0xffffffff, 16);
      expect(await call.answer).toMatchObject({ status: '8' });
      expect(receiver.inFlight().peakBytes).toBeLessThan(1024);
    } finally {
      session.destroy();
    }
  });

  it('still answers honest exports after the attack is over', async () => {
    const session = await connect(receiver.grpcUrl);
    try {
      const attack = Array.from({ length: 4 }, () => partialCall(session, MAX_BODY, MAX_BODY - 1));
      await eventually('some attack streams to be refused', 5000, async () => ((await Promise.race([Promise.any(attack.map((a) => a.answer)), new Promise<null>((r) => setTimeout(() => r(null), 20))])) ? true : undefined));
      for (const a of attack) a.stream.close(http2.constants.NGHTTP2_CANCEL);
      await eventually('the budget to drain', 5000, async () => (receiver.inFlight().bytes === 0 ? true : undefined));
      const message = protobufBody(makeSpans(2, 'after-attack'));
      const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), message]);
      framed.writeUInt32BE(message.length, 1);
      const stream = session.request({ ':method': 'POST', ':path': TRACE_EXPORT_PATH, 'content-type': 'application/grpc', te: 'trailers' });
      const status = new Promise<string>((resolve) => stream.on('trailers', (h) => resolve(String(h['grpc-status']))));
      stream.resume();
      stream.end(framed);
      expect(await status).toBe('0');
    } finally {
      session.destroy();
    }
  });

  it('refuses streams past maxConcurrentStreams on one connection', async () => {
    const session = await connect(receiver.grpcUrl);
    await new Promise<void>((r) => (session.remoteSettings.maxConcurrentStreams === 4 ? r() : session.once('remoteSettings', () => r())));
    try {
      expect(session.remoteSettings.maxConcurrentStreams).toBe(4);
      const calls = Array.from({ length: 6 }, () => partialCall(session, 1024, 10));
      // A conforming client queues the extra two; the server never runs more than four at once.
      const early = await Promise.all(calls.map((c) => Promise.race([c.answer, new Promise<null>((r) => setTimeout(() => r(null), 300))])));
      expect(early.filter((a) => a === null).length).toBeGreaterThanOrEqual(4);
      expect(receiver.inFlight().bytes).toBeLessThanOrEqual(4 * (5 + 10));
    } finally {
      session.destroy();
    }
  });

  it('closes connections past maxConnections at once, and keeps the ones it admitted', async () => {
    const url = new URL(receiver.grpcUrl);
    const sockets = await Promise.all(
      Array.from({ length: 12 }, () => new Promise<net.Socket>((resolve) => { const s = net.connect(Number(url.port), url.hostname, () => resolve(s)); s.on('error', () => {}); })),
    );
    const closed = new Set<net.Socket>();
    for (const s of sockets) s.on('close', () => closed.add(s));
    try {
      await eventually('the 4 sockets over the cap to be closed', 5000, async () => (closed.size >= 4 ? true : undefined), undefined, 50);
      await new Promise((r) => setTimeout(r, 200));
      expect(closed.size).toBe(4);
    } finally {
      for (const s of sockets) s.destroy();
    }
  });
});

describe('OTLP/gRPC receiver idle connections', () => {
  it('sends GOAWAY and closes a connection that stays idle past idleTimeout', async () => {
    const receiver = await startTestReceiver({ idleTimeoutMs: 300 });
    try {
      const session = await connect(receiver.grpcUrl);
      const goaway = new Promise<boolean>((resolve) => {
        session.once('goaway', () => resolve(true));
        session.once('close', () => resolve(true));
      });
      expect(await Promise.race([goaway, new Promise<boolean>((r) => setTimeout(() => r(false), 5000))])).toBe(true);
      session.destroy();
    } finally {
      await receiver.close();
    }
  });
});
