/**
 * The metrics probe against hostile endpoints (a 16 MB body, a gzip bomb, a body that
 * trickles forever, too many samples, an endless line): each must end as a failed check
 * with its size or cause in the message and evidence, within the timeout, having read no
 * more than the limits allow (bytes read are counted; memory and time are bench/'s).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as zlib from 'node:zlib';
import { metricsTarget as target, probeMetrics as probe } from '../support/metrics-probe';
import { httpServer, type Handler, type TestServer } from '../support/servers';

const MiB = 1024 * 1024;

/** Writes `total` bytes of valid exposition lines in 64 KiB chunks, honouring backpressure. */
function bigBody(total: number, headers: Record<string, string> = { 'content-type': 'text/plain; version=0.0.4' }): Handler {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, headers);
    const line = 'big_gauge{i="0000000000"} 1\n';
    const chunk = Buffer.from(line.repeat(Math.floor(65536 / line.length)));
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        sent += chunk.length;
        if (!res.write(chunk)) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  };
}

/** `mib` MiB of '0's, gzipped once (about 1 kB per MiB): a bomb if inflated whole. */
function gzipBomb(mib: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gz = zlib.createGzip({ level: 1 });
    const out: Buffer[] = [];
    gz.on('data', (c: Buffer) => out.push(c));
    gz.on('end', () => resolve(Buffer.concat(out)));
    gz.on('error', reject);
    const zeros = Buffer.alloc(MiB, 0x30);
    let left = mib;
    const write = (): void => {
      while (left-- > 0) if (!gz.write(zeros)) return void gz.once('drain', write);
      gz.end();
    };
    write();
  });
}

// Regression (issue 10, point 9): a gzip bomb or a 16 MB body ended `caveats` with "Metrics answer at … (—, — bytes)".
describe('metrics probe against oversized answers', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('fails metricsScrapeOverLimits (important) on a 16 MB exposition, with the size in message and evidence', async () => {
    server = await httpServer({ '/metrics': bigBody(16 * MiB) });
    const { failed, facts, result, statusOf } = await probe(target(server.url));
    expect(failed).toEqual(['metricsScrapeOverLimits']);
    expect(result('metricsScrapeOverLimits').severity).toBe('important');
    expect(facts).toMatchObject({ found: true, bytes: 10 * MiB, truncated: true, truncatedBy: 'maxBytes', valid: null, series: null });
    const over = result('metricsScrapeOverLimits');
    expect(over.message).toMatch(/more than 10485760 bytes after decompression; distroready stopped reading at its limit of 10485760 bytes/);
    expect(over.evidence[0]).toMatch(/more than 10485760 bytes after decompression/);
    // The endpoint is there; what is in it past the limit is not judged.
    expect(statusOf('metricsEndpointMissing')).toBe('pass');
    expect(result('metricsEndpointMissing').message).not.toMatch(/—/);
    expect(statusOf('metricsExpositionInvalid')).toBe('unknown');
    expect(statusOf('metricsRedMissing')).toBe('unknown');
  });

  it('stops inflating a 1 GiB gzip bomb at the byte limit, and finds no exposition in it', async () => {
    const bomb = await gzipBomb(1024);
    server = await httpServer({}, (_q, res) => res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' }).end(bomb));
    const { failed, facts, result } = await probe(target(server.url), { maxBytes: 4 * MiB });
    expect(failed.sort()).toEqual(['metricsEndpointMissing', 'metricsScrapeOverLimits']);
    // Read up to the limit and no further, and once: another path would read as much again.
    expect(facts).toMatchObject({ found: false, bytes: 4 * MiB, truncated: true, truncatedBy: 'maxBytes' });
    expect(facts.evidence.endpoint).toHaveLength(1);
    expect(facts.evidence.endpoint[0]).toMatch(/gzip, more than 4194304 bytes after decompression .*no line end in the first 4194304 bytes/);
    expect(result('metricsScrapeOverLimits').message).toMatch(/more than 4194304 bytes after decompression \(gzip on the wire\)/);
  });

  it('fails metricsEndpointMissing with a timeout on a body that trickles forever', async () => {
    server = await httpServer({
      '/metrics': (_q, res) => {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const timer = setInterval(() => res.write('trickle_gauge 1\n'), 50);
        res.on('close', () => clearInterval(timer));
      },
    });
    const { failed, result } = await probe(target(server.url), { scrapeTimeoutMs: 1000 });
    expect(failed).toEqual(['metricsEndpointMissing']);
    expect(result('metricsEndpointMissing').evidence[0]).toMatch(/timeout: no complete response within 1000 ms/);
  });

  it('stops at maxSamples and says so, without calling the exposition invalid', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `s{i="${i}"} 1\n`).join('');
    server = await httpServer({ '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body) });
    const { failed, facts, statusOf } = await probe(target(server.url), { maxSamples: 10 });
    expect(failed).toEqual(['metricsScrapeOverLimits']);
    expect(statusOf('metricsExpositionInvalid')).toBe('unknown');
    expect(facts).toMatchObject({ truncatedBy: 'maxSamples', valid: null });
    expect(facts.evidence.limits).toEqual(['more than 10 samples (probes.metrics.maxSamples); parsing stopped at line 11']);
  });

  it('skips a line over maxLineBytes and says so; an error elsewhere still makes it invalid', async () => {
    const body = `long{v="${'x'.repeat(2000)}"} 1\nok 1\nbad 0x1\n`;
    server = await httpServer({ '/metrics': (_q, res) => res.writeHead(200, { 'content-type': 'text/plain' }).end(body) });
    const { failed, facts } = await probe(target(server.url), { maxLineBytes: 256 });
    expect(facts).toMatchObject({ truncatedBy: 'maxLineBytes', valid: false, errorCount: 1 });
    expect(facts.evidence.limits).toEqual(['1 line(s) longer than 256 characters (probes.metrics.maxLineBytes), the first at line 1: not parsed']);
    expect(failed).toEqual(expect.arrayContaining(['metricsExpositionInvalid', 'metricsScrapeOverLimits']));
    // The rest of the exposition was read: a skipped line does not hide it.
    expect(facts.series).toBe(1);
  });
});
