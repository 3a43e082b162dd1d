/** What a command line needs at run time, and the replacements proposed for exec probes. */
import { classifyArgv, plainCommand, sleepSeconds, toolsInScript } from '../../probes/shell/commands';
import { proposeProbe, type KnownEndpoints } from '../../probes/shell/manifests/proposals';
import { loadShellParser } from '../../probes/shell/script/shell-parser';

beforeAll(() => loadShellParser());

describe('classifyArgv', () => {
  it.each<[string[], string, string]>([
    [['sh', '-c', 'x'], 'shell', 'sh'],
    [['/bin/bash', '-ec', 'x'], 'shell', 'bash'],
    [['tini', '--', '/bin/sh', '-c', 'x'], 'shell', 'sh'],
    [['dumb-init', 'cat', '/tmp/ok'], 'tool', 'cat'],
    [['/usr/bin/curl', '-f', 'http://x'], 'tool', 'curl'],
    // A static binary the image ships to probe itself: it needs no shell.
    [['grpc_health_probe', '-addr=:9090'], 'binary', 'grpc_health_probe'],
    [['./docker-entrypoint.sh'], 'script', 'docker-entrypoint.sh'],
    [['npm', 'start'], 'tool', 'npm'],
    [['/app/server', '--health'], 'binary', 'server'],
    [[], 'binary', ''],
  ])('%j is a %s (%s)', (argv, kind, program) => {
    expect(classifyArgv(argv)).toMatchObject({ kind, program });
  });

  it('keeps the script of sh -c', () => {
    expect(classifyArgv(['sh', '-c', 'curl -f x || exit 1']).script).toBe('curl -f x || exit 1');
  });
});

describe('scripts', () => {
  it.each<[string, string[]]>([
    ['curl -sf http://x || exit 1', ['curl']],
    ['until nc -z db 5432; do sleep 1; done', ['nc', 'sleep']],
    ['FOO=1 cat /a | grep b', ['cat', 'grep']],
    ['exec /app/server', []],
  ])('toolsInScript(%s)', (script, tools) => {
    expect(toolsInScript(script)).toEqual(tools);
  });

  it.each<[string, string[] | null]>([
    ['node server.js', ['node', 'server.js']],
    ['exec node server.js >> /var/log/app.log 2>&1', ['node', 'server.js']],
    ["java -jar 'my app.jar'", ['java', '-jar', 'my app.jar']],
    ['node server.js | tee out.log', null],
    ['node $APP', null],
    ['a && b', null],
  ])('plainCommand(%s)', (script, argv) => {
    expect(plainCommand(script)).toEqual(argv);
  });

  it.each<[string[], number | null]>([
    [['sleep', '10'], 10],
    [['sh', '-c', 'sleep 15'], 15],
    [['sh', '-c', 'sleep 5s'], 5],
    [['sh', '-c', 'sleep 5 && kill 1'], null],
    [['sleep', 'infinity'], null],
  ])('sleepSeconds(%j)', (argv, seconds) => {
    expect(sleepSeconds(classifyArgv(argv))).toBe(seconds);
  });
});

describe('proposeProbe', () => {
  const known: KnownEndpoints = {
    liveness: { path: '/livez', url: 'http://127.0.0.1:18081/livez', status: 200, latencyMs: 3, kubeletSuccess: true },
    readiness: { path: '/readyz', url: 'http://127.0.0.1:18081/readyz', status: 503, latencyMs: 2500, kubeletSuccess: false },
  };

  it.each<[string, string[] | null, number | null, KnownEndpoints | null, Record<string, unknown> | null]>([
    ['curl URL → httpGet', ['curl', '-f', 'https://localhost:8443/health'], null, null, { exec: null, httpGet: { path: '/health', port: 8443, scheme: 'HTTPS' } }],
    ['wget in sh -c → httpGet', ['sh', '-c', 'wget -qO- http://127.0.0.1:9000/ping'], null, null, { exec: null, httpGet: { path: '/ping', port: 9000 } }],
    ['grpc_health_probe → grpc', ['grpc_health_probe', '-addr=localhost:50051'], null, null, { exec: null, grpc: { port: 50051 } }],
    ['nc -z → tcpSocket', ['nc', '-z', 'localhost', '6379'], null, null, { exec: null, tcpSocket: { port: 6379 } }],
    ['cat + live endpoint → httpGet on the container port', ['cat', '/tmp/healthy'], 8081, known, { exec: null, httpGet: { path: '/livez', port: 8081 } }],
    ['cat + no endpoint → tcpSocket', ['cat', '/tmp/healthy'], 8080, null, { exec: null, tcpSocket: { port: 8080 } }],
    ['cat + nothing known → no patch', ['cat', '/tmp/healthy'], null, null, null],
  ])('%s', (_name, argv, port, endpoints, handler) => {
    expect(proposeProbe('livenessProbe', argv ? classifyArgv(argv) : null, port, endpoints).handler).toEqual(handler);
  });

  it('skips a failing readiness endpoint and falls back to liveness, noting the measurement', () => {
    const p = proposeProbe('readinessProbe', classifyArgv(['cat', '/tmp/ready']), 8081, known);
    expect(p.handler).toEqual({ exec: null, httpGet: { path: '/livez', port: 8081 } });
    expect(p.note).toContain('GET http://127.0.0.1:18081/livez → 200 in 3 ms');
  });

  it('raises timeoutSeconds above the default when the endpoint was slow', () => {
    const slow: KnownEndpoints = { liveness: { ...known.liveness!, latencyMs: 1200 }, readiness: null };
    expect(proposeProbe('livenessProbe', null, 8081, slow).handler).toMatchObject({ timeoutSeconds: 4 });
  });
});
