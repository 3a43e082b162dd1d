/**
 * Properties every parser of untrusted input must hold, whatever the bytes: it returns a
 * result or its documented parse error, never throws anything else, and what it keeps stays
 * under its cap (counted in items and characters, never RSS). One definition, run twice:
 * with a fixed seed and a modest count in `npm test` (test/fuzz/), and long by
 * `npm run fuzz` (bench/fuzz-parsers.ts), whose findings become named regression tests.
 */
import * as fc from 'fast-check';
import { parseExposition } from '../../probes/metrics/parser/parse';
import { parseLogfmt, scanLogfmt } from '../../probes/logs/logfmt';
import { parseDockerfile } from '../../probes/shell/dockerfile/parse';
import { classifyArgv, plainCommand, sleepSeconds, toolsInScript } from '../../probes/shell/commands';
import { MalformedRequest, normalizeRequest, SPAN_LIMITS } from '../../src/otlp/normalize';
import { decodeExportRequest } from '../../src/otlp/otlp-proto';
import { decodeSpans, WireError } from '../../src/otlp/otlp-wire';

/** Pieces the grammars are made of, so random input reaches past the first character check. */
const EXPOSITION_PIECES = ['# HELP ', '# TYPE ', '# EOF', 'counter', 'histogram', 'summary', 'gauge', 'info', 'stateset', 'unknown', 'untyped', 'http_requests_total', '_bucket', '_sum', '_count', '_created', 'le', 'quantile', '{', '}', '=', ',', '"', '\\', '\\n', '\\"', ' ', '\t', '\n', '\r', '+Inf', '-Inf', 'NaN', '0', '1.5e3', '-0', '0x1f', '1_000', '# {', 'trace_id="abc"', '9'.repeat(40), 'é', '\u0000', '\uFFFD', '\uD800'];
const LOGFMT_PIECES = ['level', '=', '"', '\\', '\\"', ' ', '\t', 'msg', 'info', 'err', '==', 'a.b', '\u0000', 'é', '\uD800', 'ts=2024-01-01T00:00:00Z', 'key="v w"'];
const DOCKERFILE_PIECES = ['FROM ', 'RUN ', 'CMD ', 'ENTRYPOINT ', 'HEALTHCHECK ', 'SHELL ', 'ARG ', 'ENV ', 'COPY ', 'USER ', '--interval=5s ', 'NONE', '[', ']', '"', ',', '\\', '\n', '\r\n', '<<EOF', '<<-EOF', 'EOF', '# escape=`', '`', '# syntax=docker/dockerfile:1', 'sh -c ', 'curl -f http://x/', '&&', '|', ';', ' ', '$', '${', '}', '\u0000'];
const SHELL_PIECES = ['sh', '-c', 'bash', '/bin/sh', 'busybox', 'curl', 'wget', 'sleep', '10', 'inf', '1e309', 'exec', 'env', 'A=b', '&&', '||', '|', ';', '$(', ')', '`', '"', "'", '\\', ' ', '\n', 'cat', '/usr/bin/', '-', '--', 'timeout', 'nice', 'nohup'];

const pieced = (pieces: string[], maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 8 }) }), { maxLength }).map((a) => a.join(''));

/** A property, its name, and the arbitrary it draws from. */
export interface ParserProperty {
  name: string;
  property: fc.IPropertyWithHooks<[unknown]> | fc.IProperty<[unknown]>;
}

const LIMITS = { maxSamples: 50, maxErrors: 5, maxLineLength: 512 };

function expositionHolds(input: string | Buffer, format: 'text' | 'openmetrics'): void {
  const out = parseExposition(input, format, LIMITS);
  if (out.errors.length > LIMITS.maxErrors) throw new Error(`kept ${out.errors.length} errors, cap ${LIMITS.maxErrors}`);
  if (out.samples > LIMITS.maxSamples) throw new Error(`kept ${out.samples} samples, cap ${LIMITS.maxSamples}`);
  const kept = out.families.reduce((n, f) => n + f.samples.length, 0);
  if (kept > LIMITS.maxSamples) throw new Error(`families hold ${kept} samples, cap ${LIMITS.maxSamples}`);
  if (out.errorCount < out.errors.length) throw new Error('errorCount below the errors kept');
}

/** The OTLP decode path as the receivers run it: decode (may throw: a 400), then normalize (MalformedRequest only). */
function otlpHolds(request: unknown): void {
  let normalized;
  try {
    normalized = normalizeRequest(request, 'http/json');
  } catch (err) {
    if (err instanceof MalformedRequest) return;
    throw err;
  }
  for (const span of normalized.spans) {
    if (Object.keys(span.attributes).length > SPAN_LIMITS.attributes) throw new Error('span keeps more attributes than its cap');
    if (span.name.length > SPAN_LIMITS.nameChars) throw new Error('span name longer than its cap');
    for (const [k, v] of Object.entries(span.attributes)) {
      if (k.length > SPAN_LIMITS.keyChars || (typeof v === 'string' && v.length > SPAN_LIMITS.valueChars)) throw new Error('attribute over its cap');
    }
  }
}

/** OTLP/JSON-shaped values: the right keys with any values, so the walker meets every type in every place. */
const otlpJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, fc.jsonValue({ maxDepth: 2 }), tie('value'), fc.constant(null), fc.constant('__proto__')),
  value: fc.record(
    { stringValue: fc.oneof(fc.string({ maxLength: 300 }), fc.integer()), intValue: fc.oneof(fc.string(), fc.integer(), fc.object()), boolValue: fc.anything(), doubleValue: fc.anything(), arrayValue: fc.oneof(fc.record({ values: tie('list') }), fc.string()), kvlistValue: fc.anything() },
    { requiredKeys: [] },
  ),
  kv: fc.record({ key: fc.oneof(fc.string({ maxLength: 200 }), fc.constantFrom('__proto__', 'constructor', 'service.name'), fc.integer()), value: tie('any') }, { requiredKeys: [] }),
  list: fc.oneof(fc.array(tie('kv'), { maxLength: 40 }), tie('any')),
  id: fc.oneof(fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF'), maxLength: 34 }), fc.string({ maxLength: 34 }), fc.constant('0'.repeat(32)), fc.integer(), fc.array(fc.integer(), { maxLength: 3 })),
  span: fc.record(
    { traceId: tie('id'), spanId: tie('id'), parentSpanId: tie('id'), name: fc.oneof(fc.string({ maxLength: 400 }), fc.integer()), kind: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant('SPAN_KIND_SERVER')), startTimeUnixNano: fc.oneof(fc.string(), fc.integer(), fc.double()), endTimeUnixNano: fc.anything(), attributes: tie('list') },
    { requiredKeys: [] },
  ),
  request: fc.record(
    {
      resourceSpans: fc.oneof(
        fc.array(fc.record({ resource: fc.oneof(fc.record({ attributes: tie('list') }), tie('any')), scopeSpans: fc.oneof(fc.array(fc.record({ scope: tie('any'), spans: fc.oneof(fc.array(tie('span'), { maxLength: 5 }), tie('any')) }, { requiredKeys: [] }), { maxLength: 3 }), tie('any')) }, { requiredKeys: [] }), { maxLength: 3 }),
        tie('any'),
      ),
    },
    { requiredKeys: [] },
  ),
})).request;

/** Protobuf bytes: random, and valid requests with random bytes spliced in. */
const protobufBytes = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.array(fc.oneof(fc.constantFrom(0x0a, 0x12, 0x1a, 0x22, 0x2a, 0x08, 0x10, 0x11, 0x39, 0x41, 0x4a, 0x80, 0xff, 0x01, 0x00, 0x7f), fc.integer({ min: 0, max: 255 })), { maxLength: 512 }).map((a) => Uint8Array.from(a)),
);

export const parserProperties: ParserProperty[] = [
  {
    name: 'exposition parser (text format): strings of grammar pieces',
    property: fc.property(pieced(EXPOSITION_PIECES, 120), (s) => expositionHolds(s as string, 'text')),
  },
  {
    name: 'exposition parser (OpenMetrics): strings of grammar pieces',
    property: fc.property(pieced(EXPOSITION_PIECES, 120), (s) => expositionHolds(s as string, 'openmetrics')),
  },
  {
    name: 'exposition parser: raw bytes, invalid UTF-8 included',
    property: fc.property(fc.uint8Array({ maxLength: 600 }), (b) => expositionHolds(Buffer.from(b as Uint8Array), 'text')),
  },
  {
    name: 'logfmt reader',
    property: fc.property(pieced(LOGFMT_PIECES, 80), (s) => {
      const text = s as string;
      const record = parseLogfmt(text);
      if (record !== null && Object.keys(record).length > text.length) throw new Error('more keys than characters');
      let pairs = 0;
      scanLogfmt(text, {
        slot: () => 0,
        value: (_slot, t, start, end) => {
          if (start < 0 || end > t.length || start > end) throw new Error(`value range [${start}, ${end}) outside the line`);
          pairs++;
        },
      });
      if (pairs > text.length) throw new Error('more pairs than characters');
    }),
  },
  {
    name: 'Dockerfile reader',
    property: fc.property(pieced(DOCKERFILE_PIECES, 120), (s) => {
      const text = s as string;
      const parsed = parseDockerfile(text);
      const lines = text.split('\n').length;
      if (parsed.instructions.length > lines) throw new Error(`${parsed.instructions.length} instructions from ${lines} lines`);
    }),
  },
  {
    name: 'command splitting and classification',
    property: fc.property(fc.tuple(pieced(SHELL_PIECES, 60), fc.array(pieced(SHELL_PIECES, 4), { maxLength: 8 })), (t) => {
      const [script, argv] = t as [string, string[]];
      const tools = toolsInScript(script);
      if (tools.length > script.length) throw new Error('more tools than characters');
      const plain = plainCommand(script);
      if (plain !== null && plain.length > script.length) throw new Error('more words than characters');
      const info = classifyArgv(argv);
      sleepSeconds(info);
    }),
  },
  {
    name: 'OTLP/JSON normalizer: request-shaped values of any type',
    property: fc.property(otlpJson, (r) => otlpHolds(r)),
  },
  {
    name: 'OTLP/JSON normalizer: JSON text as the receiver parses it',
    property: fc.property(fc.json({ maxDepth: 4 }), (text) => otlpHolds(JSON.parse(text as string))),
  },
  {
    name: 'OTLP protobuf decoder then normalizer: arbitrary bytes',
    property: fc.property(protobufBytes, (b) => {
      let decoded: unknown;
      try {
        decoded = decodeExportRequest(b as Uint8Array);
      } catch (err) {
        // The decoder's parse error: the receivers answer it with 400 / INVALID_ARGUMENT.
        if (err instanceof Error && !(err instanceof TypeError)) return;
        throw err;
      }
      let normalized;
      try {
        normalized = normalizeRequest(decoded, 'http/protobuf');
      } catch (err) {
        if (err instanceof MalformedRequest) return;
        throw err;
      }
      if (normalized.spans.length + normalized.invalid > (b as Uint8Array).length) throw new Error('more spans than bytes');
    }),
  },
  {
    name: "OTLP wire decoder (the receivers' protobuf path): arbitrary bytes",
    property: fc.property(protobufBytes, (b) => {
      const bytes = b as Uint8Array;
      try {
        const out = decodeSpans(bytes, 'grpc');
        if (out.spans.length + out.invalid > bytes.length) throw new Error('more spans than bytes');
        for (const span of out.spans) if (Object.keys(span.attributes).length > SPAN_LIMITS.attributes) throw new Error('span keeps more attributes than its cap');
      } catch (err) {
        if (!(err instanceof WireError)) throw err;
      }
    }),
  },
];
