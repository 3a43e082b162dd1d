/** Counting lines: stack traces joined per stream, secrets redacted, samples bounded. */
import type { CapturedLine, StreamName } from '../../probes/shared/line-buffer';
import { findSecrets } from '../../probes/logs/secrets';
import { distinctSchemas } from '../../probes/logs/facts';
import { Tally } from '../../probes/logs/tally';

function lines(stream: StreamName, texts: string[], start = 0): CapturedLine[] {
  return texts.map((text, i) => ({ seq: start + i, stream, time: 0, text, truncated: false, invalidUtf8: false }));
}

function tallyOf(all: CapturedLine[]): Tally {
  const t = new Tally(3);
  for (const l of all) t.add(l);
  t.finish();
  return t;
}

const javaTrace = [
  'Exception in thread "main" java.lang.IllegalStateException: boom',
  '\tat com.example.Main.run(Main.java:42)',
  '\tat com.example.Main.main(Main.java:10)',
  'Caused by: java.io.IOException: disk full',
  '\tat com.example.Disk.write(Disk.java:7)',
  '\t... 2 more',
];

describe('Tally', () => {
  it('counts a plain-text Java trace as one unstructured stack, not six plain lines', () => {
    const t = tallyOf(lines('stderr', javaTrace));
    expect(t.logical).toBe(1);
    expect(t.continuation).toBe(5);
    expect(t.formats.plain).toBe(1);
    expect(t.unstructuredStacks.count).toBe(1);
    expect(t.unstructuredStacks.items[0]).toMatch(/IllegalStateException: boom ⏎ at com\.example\.Main\.run/);
  });

  it('keeps streams apart: an indented stdout line does not continue a stderr line', () => {
    const t = tallyOf([...lines('stderr', ['Error: boom']), ...lines('stdout', ['    at f (/a.js:1:1)'], 1)]);
    expect(t.logical).toBe(2);
    expect(t.unstructuredStacks.count).toBe(0);
  });

  it('counts structured lines, fields and one schema', () => {
    const t = tallyOf(lines('stdout', ['{"level":30,"time":1,"msg":"a","trace_id":"abc"}', '{"level":30,"time":2,"msg":"b"}', 'plain words']));
    expect(t.structured).toBe(2);
    expect(t.fieldCounts).toMatchObject({ time: 2, level: 2, message: 2, traceId: 1 });
    expect(t.signatures.size).toBe(1);
    expect(t.plain.items).toEqual(['stdout #3: plain words']);
  });

  it('sees two schemas when lines name their fields differently', () => {
    const t = tallyOf(lines('stdout', ['{"level":30,"time":1,"msg":"a"}', 'ts=2026-11-29T22:25:52Z level=info msg=b']));
    expect(t.signatures.size).toBe(2);
  });

  // Regression (found judging Debian's go-kit programs): a line without msg was a second schema.
  it('counts a line that lacks a field as the schema of its neighbours, not as another', () => {
    const gokit = ['level=info ts=2026-11-29T22:25:52Z caller=main.go:1 msg="Starting"', 'level=info ts=2026-11-29T22:25:53Z caller=tls_config.go:2 component=web address=127.0.0.1:9100'];
    expect(distinctSchemas([...tallyOf(lines('stderr', gokit)).signatures.values()])).toBe(1);
    const two = ['{"level":30,"time":1,"msg":"a"}', '{"severity":"INFO","timestamp":"2026-11-29T22:25:52Z","message":"b"}'];
    expect(distinctSchemas([...tallyOf(lines('stdout', two)).signatures.values()])).toBe(2);
  });

  it('keeps at most the configured number of samples but counts them all', () => {
    const t = tallyOf(lines('stdout', Array.from({ length: 50 }, (_, i) => `plain ${i}`)));
    expect(t.plain.count).toBe(50);
    expect(t.plain.items).toHaveLength(3);
  });

  it('shows control characters in samples as escapes', () => {
    const t = tallyOf(lines('stdout', ['\u001b[31mred\u001b[0m text \u0007']));
    expect(t.ansi).toBe(1);
    expect(t.mangled.items[0]).toContain('\\x1b[31mred');
    expect(t.mangled.items[0]).not.toMatch(/[\u0000-\u0008\u001b]/);
  });
});

describe('findSecrets', () => {
  it.each([
    ['Authorization header in JSON', '{"req":{"headers":{"authorization":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc"}}}', 'Authorization header', 'eyJhbGciOiJIUzI1NiJ9'],
    ['bearer token in text', 'calling upstream with Bearer abcdefghijklmnopqrstuvwx', 'bearer token', 'abcdefghijklmnopqrstuvwx'],
    ['AWS access key id', 'aws key AKIAIOSFODNN7EXAMPLE loaded', 'AWS access key id', 'IOSFODNN7EXAMPLE'],
    ['private key', '{"msg":"-----BEGIN RSA PRIVATE KEY-----\\nMIIEowIBAAKCAQEA"}', 'private key', 'MIIEowIBAAKCAQEA'],
  ])('%s is found and redacted', (_name, line, kind, secret) => {
    const found = findSecrets(line);
    expect(found?.kinds).toContain(kind);
    expect(found?.redacted).toContain('[REDACTED]');
    expect(found?.redacted).not.toContain(secret);
  });

  it.each([['plain line', 'GET /api/orders 200'], ['the word authorization alone', 'authorization failed for user 42']])('%s is not a secret', (_n, line) => {
    expect(findSecrets(line)).toBeNull();
  });
});
