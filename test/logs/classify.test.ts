/** The line classifier and the field reader, case by case. */
import { classifyLine } from '../../probes/logs/classify';
import { parseLogfmt } from '../../probes/logs/logfmt';

const pino = '{"level":30,"time":1764455152000,"pid":1,"hostname":"h","trace_id":"4BF92F3577B34DA6A3CE929D0E0E4736","span_id":"00f067aa0ba902b7","msg":"request served"}';
const ecs = '{"@timestamp":"2026-11-29T22:25:52.123Z","log.level":"info","message":"ok","trace.id":"abc","ecs.version":"8.11.0"}';
const ecsNested = '{"@timestamp":"2026-11-29T22:25:52Z","log":{"level":"warn"},"message":"nested","trace":{"id":"abc"}}';
const logfmt = 'time=2026-11-29T22:25:52Z level=info msg="request served" path=/x trace_id=abc';

describe('classifyLine', () => {
  it.each([
    ['pino JSON', pino, 'json'],
    ['ECS JSON', ecs, 'json'],
    ['JSON with trailing spaces', '{"msg":"x"}  ', 'json'],
    ['logfmt', logfmt, 'logfmt'],
    ['plain sentence', 'Server started on port 8082', 'plain'],
    ['sentence with a few pairs', 'listening on port=8080 host=x now', 'plain'],
    ['broken JSON', '{"level":30,"msg":"cut', 'plain'],
    ['JSON array', '[1,2]', 'plain'],
    ['brace but not JSON', '{ not json }', 'plain'],
    ['Java frame', '\tat com.example.Main.run(Main.java:42)', 'continuation'],
    ['Node frame', '    at Server.<anonymous> (/app/server.js:10:11)', 'continuation'],
    ['Caused by', 'Caused by: java.io.IOException: disk full', 'continuation'],
    ['... more', '... 12 more', 'continuation'],
    ['empty', '', 'empty'],
    ['blank', '   ', 'empty'],
    ['unclosed logfmt quote', 'level=info msg="never closed', 'plain'],
  ])('%s → %s', (_name, line, format) => {
    expect(classifyLine(line).format).toBe(format);
  });

  it('sees through ANSI colours and says they were there', () => {
    const c = classifyLine('\u001b[32m{"level":30,"time":1,"msg":"green"}\u001b[39m');
    expect(c).toMatchObject({ format: 'json', ansi: true });
  });

  it('marks stack frames among continuation lines', () => {
    expect(classifyLine('\tat Main.main(Main.java:3)').frame).toBe(true);
    expect(classifyLine('  File "app.py", line 3, in <module>').frame).toBe(true);
    expect(classifyLine('    some indented text').frame).toBe(false);
  });
});

describe('fields', () => {
  it.each([
    ['pino', pino, { timeKey: 'time', timeOk: true, levelKey: 'level', levelOk: true, msgKey: 'msg', traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b7' }],
    ['ECS flat', ecs, { timeKey: '@timestamp', timeOk: true, levelKey: 'log.level', levelOk: true, msgKey: 'message', traceId: 'abc' }],
    ['ECS nested', ecsNested, { timeKey: '@timestamp', timeOk: true, levelKey: 'log.level', levelOk: true, msgKey: 'message', traceId: 'abc' }],
    ['logfmt', logfmt, { timeKey: 'time', timeOk: true, levelKey: 'level', levelOk: true, msgKey: 'msg', traceId: 'abc' }],
    ['zap', '{"ts":1764455152.123,"lvl":"debug","event":"x"}', { timeKey: 'ts', timeOk: true, levelKey: 'lvl', levelOk: true, msgKey: 'event' }],
    ['syslog level', '{"timestamp":"Nov 29 2026 22:25:52","severity":"crit","msg":"x"}', { timeOk: true, levelKey: 'severity', levelOk: true }],
    ['Datadog', '{"t":1,"level":"info","msg":"x","dd":{"trace_id":"123456789","span_id":"42"}}', { traceId: '123456789', spanId: '42' }],
    ['time that is no time', '{"time":"soon","level":"info","msg":"x"}', { timeKey: 'time', timeOk: false }],
    ['unknown level', '{"time":1,"level":"loud","msg":"x"}', { levelKey: 'level', levelOk: false }],
    ['message that is an object', '{"time":1,"level":"info","message":{"a":1}}', { msgKey: null }],
    ['nothing known', '{"a":1,"b":2}', { timeKey: null, levelKey: null, msgKey: null, traceId: null }],
  ])('%s', (_name, line, expected) => {
    expect(classifyLine(line).fields).toMatchObject(expected);
  });

  it.each([
    ['pino err', '{"level":50,"time":1,"msg":"x","err":{"type":"Error","message":"boom","stack":"Error: boom\\n    at f (/a.js:1:1)"}}', true],
    ['ECS error.stack_trace', '{"@timestamp":"2026-11-29T22:25:52Z","log.level":"error","message":"x","error.stack_trace":"java.lang.X\\n\\tat A.b(A.java:1)"}', true],
    ['logfmt escaped stack', 'level=error msg=x stack="Error: boom\\n    at f (/a.js:1:1)"', true],
    ['error without stack', '{"level":50,"time":1,"msg":"x","err":{"message":"boom"}}', false],
  ])('stack inside the structure: %s', (_name, line, inside) => {
    expect(classifyLine(line).fields?.stackInside).toBe(inside);
  });
});

describe('parseLogfmt', () => {
  it('reads quoted values with escapes', () => {
    expect(parseLogfmt('a=1 b="two words" c="say \\"hi\\""')).toEqual({ a: '1', b: 'two words', c: 'say "hi"' });
  });
  it('keeps empty values and skips extra spaces', () => {
    expect(parseLogfmt('a=  b=2')).toEqual({ a: '', b: '2' });
  });
  it('refuses a line with a lone =', () => {
    expect(parseLogfmt('a=1 =2 b=3')).toBeNull();
  });
});
