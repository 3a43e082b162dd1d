/**
 * Regression (found judging redis, postgres and mosquitto as run workloads): a workload
 * distroready launched with its OTLP endpoint set, which speaks no HTTP, sent nothing —
 * and its traces came out `unknown`, as if silence proved nothing. It was told where to
 * export and given the time to: its silence is the answer.
 */
import { freePort } from '../support/binaries';
import { statuses, sweepYaml } from '../support/sweep-config';

it('fails tracesNotExported for a launched TCP server that exports nothing in the wait', async () => {
  const port = await freePort();
  const server = `require('net').createServer((s) => s.end('-ERR unknown command\\r\\n')).listen(${port}, '127.0.0.1')`;
  const [r] = await sweepYaml(
    `probes: { traces: { waitMs: 1500 } }\nworkloads:\n  - name: tcp-only\n    run: { command: [${JSON.stringify(process.execPath)}, -e, ${JSON.stringify(server)}], port: ${port} }\n`,
    ['traces'],
    { receiver: true },
  );
  expect(statuses(r!).tracesNotExported).toBe('fail');
  expect(r!.probes.traces!.facts).toMatchObject({ spansExported: false, exportTargetKnown: true });
  const evidence = r!.checks.find((c) => c.id === 'tracesNotExported')!.evidence.join('\n');
  expect(evidence).toMatch(/no HTTP answer .* the service's own spans were waited for 1500 ms/);
});
