/** Each invalid config, paired with its exact error: file, line, column, key, and the fix. */
import { allowListPolicy } from '../../src/net/address-policy';
import { parseConfig } from '../../src/config/load-config';
import { isDistroreadyError } from '../../src/errors';

const FILE = `${process.cwd()}/bad.yaml`;

/** The defined checks, with healthSlow's parameters, as a loaded catalog tells them. */
const KNOWN = { ids: ['healthSlow', 'shellExecProbe'], params: (id: string) => (id === 'healthSlow' ? { kubeletTimeoutMs: 1000 } : undefined) };

function errorOf(text: string): string {
  try {
    parseConfig(text, FILE, {}, KNOWN);
  } catch (err) {
    if (isDistroreadyError(err)) return err.message.replace('invalid config:\n  ', '');
    throw err;
  }
  throw new Error('config was accepted');
}

describe('config errors', () => {
  it.each([
    ['workloads:\n  - name: a\n    url: http://x\n    helth: { liveness: /l }\n', 'bad.yaml:4:5: workloads[0].helth: unknown key "helth"; remove it or fix its spelling: did you mean "health"? Allowed keys: name, url, run, labels, ignore, logs, metrics, traces, health, dockerfile, manifests, base'],
    ['sweep: { interval: 10 }\n', 'bad.yaml:1:20: sweep.interval: must be a duration such as 500ms, 10s, 5m or 1h (a number alone has no unit)'],
    ['sweep: { interval: soon }\n', 'bad.yaml:1:20: sweep.interval: must be a duration such as 500ms, 10s, 5m or 1h'],
    ['workloads:\n  - url: http://x\n', 'bad.yaml:2:5: workloads[0].name: "name" is required here; add it'],
    ['workloads:\n  - name: a\n    url: ftp://x\n', 'bad.yaml:3:10: workloads[0].url: must be an http:// or https:// URL'],
    ['workloads:\n  - name: a\n    url: http://x\n  - name: a\n    url: http://y\n', 'bad.yaml:4:11: workloads[1].name: duplicate workload name "a" (also workloads[0]); names must be unique'],
    ['workloads:\n  - name: a\n', 'bad.yaml:2:5: workloads[0]: workload "a" has nothing to probe; give it a url, a run command, a dockerfile or manifests'],
    ['server: { port: 99999 }\n', 'bad.yaml:1:17: server.port: must be <= 65535'],
    ['checks:\n  nope: { severity: low }\n', 'bad.yaml:2:9: checks.nope: no check with id "nope"; see config/checks/ for the ids'],
    ['checks:\n  healthSlow: { severity: huge }\n', 'bad.yaml:2:27: checks.healthSlow.severity: must be one of "critical", "important", "normal", "low"'],
    ['server:\n  port: 1\nserver:\n  port: 2\n', 'bad.yaml:3:1: YAML syntax: Map keys must be unique at line 3, column 1:'],
    ['probes:\n  health: { requestTimeoutMs: fast }\n', 'bad.yaml:2:31: probes.health.requestTimeoutMs: must be a whole number'],
    ['checks:\n  healthSlow: { params: { kubeletTimeoutMs: fast } }\n', 'bad.yaml:2:45: checks.healthSlow.params.kubeletTimeoutMs: must be a number like the default (1000), not "fast"'],
    ['checks:\n  healthSlow: { params: { timeoutMs: 2000 } }\n', 'bad.yaml:2:38: checks.healthSlow.params.timeoutMs: no parameter "timeoutMs"; this check takes kubeletTimeoutMs'],
    ['workloads:\n  - name: a\n    url: http://x\n    ignore: [shellExecProb]\n', 'bad.yaml:4:14: workloads[0].ignore[0]: no check with id "shellExecProb" to ignore; see config/checks/ for the ids'],
    ['workloads:\n  - name: a\n    run: { command: node server.js }\n', 'bad.yaml:3:21: workloads[0].run.command: must be a list of arguments such as [node, server.js]; distroready never runs a shell string'],
    ['- a\n- b\n', 'bad.yaml:1:1: the config must be a mapping of keys to values'],
    ['api: { allowTargets: [10.0.0.0/33] }\n', 'bad.yaml:1:23: api.allowTargets[0]: "10.0.0.0/33" is neither a CIDR (10.0.0.0/8, ::1/128) nor a host pattern (*.svc.cluster.local)'],
    ['api: { allowTargets: ["http://x/"] }\n', 'bad.yaml:1:23: api.allowTargets[0]: "http://x/" is neither a CIDR (10.0.0.0/8, ::1/128) nor a host pattern (*.svc.cluster.local)'],
    ['api: { protectReads: true }\n', 'bad.yaml:1:22: api.protectReads: protectReads needs a token: set api.token (e.g. token: ${DISTROREADY_TOKEN}) or the DISTROREADY_TOKEN variable, or remove protectReads'],
    ['api: { protectMetrics: true }\n', 'bad.yaml:1:24: api.protectMetrics: protectMetrics needs a token: set api.token (e.g. token: ${DISTROREADY_TOKEN}) or the DISTROREADY_TOKEN variable, or remove protectMetrics'],
    ['server: { headersTimeout: soon }\n', 'bad.yaml:1:27: server.headersTimeout: must be a duration such as 500ms, 10s, 5m or 1h'],
    ['probes:\n  nosuch: {}\n', 'bad.yaml:2:3: probes.nosuch: unknown key "nosuch"; remove it or fix its spelling: Allowed keys: logs, metrics, traces, health, shell, base'],
    ['workloads:\n  - name: a\n    base: { pid: 12, pidFile: /run/a.pid }\n', 'bad.yaml:3:11: workloads[0].base: give base.pid or base.pidFile, not both: they name the same process two ways'],
  ])('%j', (text, expected) => {
    expect(errorOf(text)).toBe(expected);
  });

  it('lists every problem at once', () => {
    const message = errorOf('server: { port: -1 }\nsweep: { timeout: x }\n');
    expect(message.split('\n')).toHaveLength(2);
  });

  it('applies defaults and resolves paths against the config file', () => {
    const config = parseConfig('workloads:\n  - name: a\n    run: { command: [node, x.js], port: 9999 }\n', '/srv/conf/d.yaml', {});
    expect(config.sweep).toEqual({ intervalMs: 60_000, concurrency: 32, timeoutMs: 10_000 });
    expect(config.storage.path).toBe('/srv/conf/data/distroready.db');
    expect(config.workloads[0]!.url).toBe('http://127.0.0.1:9999');
    expect(config.probes.health).toMatchObject({ requestTimeoutMs: 5000 });
  });

  it.each([
    [{ DISTROREADY_TOKEN: 's3cret' }, 's3cret'],
    [{}, undefined],
  ])('substitutes ${VAR} from the environment (%j)', (env, token) => {
    const config = parseConfig('api: { token: "${DISTROREADY_TOKEN}" }\n', FILE, env);
    expect(config.api.token).toBe(token);
  });

  it('takes DISTROREADY_TOKEN as the token with no api: section, and then allows protectReads', () => {
    expect(parseConfig('server: { port: 1 }\n', FILE, { DISTROREADY_TOKEN: 'from-env' }).api.token).toBe('from-env');
    expect(parseConfig('api: { protectReads: true }\n', FILE, { DISTROREADY_TOKEN: 'from-env' }).api).toMatchObject({ token: 'from-env', protectReads: true });
    expect(parseConfig('api: { token: in-file }\n', FILE, { DISTROREADY_TOKEN: 'from-env' }).api.token).toBe('in-file');
  });

  it('defaults to probing loopback only, and to bounded server clocks and connections', () => {
    const config = parseConfig('server: { port: 1 }\n', FILE, {});
    expect(config.api.allowTargets).toEqual(['127.0.0.0/8', '::1/128']);
    // Judged without sending anything: a private range is refused until the operator lists it.
    const policy = allowListPolicy(config.api.allowTargets);
    expect(policy.denies('10.0.0.1', '10.0.0.1')).toMatch(/outside api.allowTargets/);
    expect(policy.denies('192.168.1.1', 'router')).toMatch(/outside api.allowTargets/);
    expect(policy.denies('127.0.0.1', 'localhost')).toBeNull();
    expect(config.server).toMatchObject({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000, keepAliveTimeoutMs: 5_000, maxConnections: 1024 });
    expect(config.otlp).toMatchObject({ maxConnections: 1024, maxConcurrentStreams: 16, idleTimeoutMs: 60_000 });
    expect(config.storage.maxWriteFailures).toBe(3);
  });
});
