/**
 * Inputs the property runs (test/fuzz, bench/fuzz-parsers.ts) found or were pointed at,
 * each named after what it broke, so the fix stays fixed.
 */
import { parseDockerfile } from '../../probes/shell/dockerfile/parse';
import { decodeExportRequest } from '../../src/otlp/otlp-proto';

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return Buffer.from(out);
}

const field = (tag: number, body: Buffer): Buffer => Buffer.concat([Buffer.from([tag]), varint(body.length), body]);

describe('parser regressions', () => {
  it.each([['\\'], ['\\\n'], ['  \\  '], ['# escape=`\n`'], ['RUN a\n\\']])(
    'Dockerfile reader: a line that is only the escape character (%j) is no instruction, not a TypeError (found by fuzzing: seed 20261201, ["\\\\"])',
    (text) => {
      const parsed = parseDockerfile(text);
      expect(parsed.instructions.every((i) => i.keyword.length > 0)).toBe(true);
    },
  );

  it('Dockerfile reader: an escape-only line between instructions leaves both instructions', () => {
    expect(parseDockerfile('FROM scratch\n\\\nCMD ["/app"]\n').instructions.map((i) => i.keyword)).toEqual(['FROM', 'CMD']);
  });

  it('OTLP protobuf decoder: an AnyValue nested 100,000 deep is a parse error (max depth), not a stack overflow', () => {
    let value = field(0x0a, Buffer.from('a')); // AnyValue.stringValue
    for (let i = 0; i < 100_000; i++) value = field(0x2a, field(0x0a, value)); // AnyValue.arrayValue.values[0]
    const request = field(0x0a, field(0x0a, field(0x0a, Buffer.concat([field(0x0a, Buffer.from('k')), field(0x12, value)]))));
    expect(() => decodeExportRequest(request)).toThrow(/max depth/);
  });
});
