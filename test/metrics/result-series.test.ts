/**
 * The per-workload series of /metrics, written as text per workload: the same names, help
 * and values as the registry wrote, valid exposition whatever a workload is named, and
 * updated one workload at a time.
 */
import { Registry } from 'prom-client';
import { createMetrics } from '../../src/metrics/metrics';
import { ResultSeries } from '../../src/metrics/result-series';
import { promtoolCheckMetrics } from '../support/api/promtool';
import { sampleResult } from '../support/api/app-fixture';
import { requireBinary } from '../support/binaries';

const promtool = requireBinary('promtool');

describe('ResultSeries', () => {
  it('writes each family once, with every workload\'s lines under it', () => {
    const series = new ResultSeries();
    series.set(sampleResult('checkout', { score: 70 }));
    series.set(sampleResult('billing', { score: null, verdict: 'incomplete' }));
    const text = series.text();
    expect(text.match(/^# TYPE distroready_workload_score gauge$/gm)).toHaveLength(1);
    expect(text).toContain('distroready_workload_score{workload="checkout"} 70\n');
    // No score, no series: absent, not zero.
    expect(text).not.toContain('distroready_workload_score{workload="billing"}');
    expect(text).toContain('distroready_workload_verdict{workload="billing",verdict="incomplete"} 1\n');
    expect(text).toContain('distroready_check_passed{workload="checkout",check="healthSlow",probe="health",severity="normal"} 0\n');
    expect(text).toContain('distroready_probe_passed{workload="checkout",probe="health"} 1\n');
    // Skipped probes have no probe_passed series.
    expect(text).not.toContain('probe="shell"} ');
  });

  it('writes distroready_workload_info for a cluster workload only, and no such family while none is one', () => {
    const series = new ResultSeries();
    series.set(sampleResult('checkout'));
    expect(series.text()).not.toContain('distroready_workload_info');
    series.set(sampleResult('shop/deployment/cart', { namespace: 'shop', cluster: { namespace: 'shop', kind: 'Deployment', name: 'cart', team: 'te"am', pod: null } }));
    const text = series.text();
    expect(text.match(/^# TYPE distroready_workload_info gauge$/gm)).toHaveLength(1);
    expect(text).toContain('distroready_workload_info{workload="shop/deployment/cart",namespace="shop",kind="Deployment",team="te\\"am"} 1\n');
    expect(text).not.toContain('distroready_workload_info{workload="checkout"');
    if (promtool) expect(promtoolCheckMetrics(promtool, text)).toEqual({ status: 0, findings: '' });
    // What a finished sweep keeps is this replica's share of the fleet.
    expect(series.retain(new Set(['shop/deployment/cart']))).toBe(1);
  });

  it('replaces one workload\'s lines and drops those of workloads no longer configured', () => {
    const series = new ResultSeries();
    series.set(sampleResult('a', { score: 10 }));
    series.set(sampleResult('b', { score: 20 }));
    series.set(sampleResult('a', { score: 30 }));
    series.retain(['a']);
    const text = series.text();
    expect(text).toContain('distroready_workload_score{workload="a"} 30\n');
    expect(text).not.toContain('workload="b"');
  });

  (promtool ? it : it.skip)('passes promtool with names that need escaping, alongside the registry\'s own metrics', async () => {
    const metrics = createMetrics(new Registry());
    metrics.setResults([sampleResult('shop/deployment/check"out\\'), sampleResult('billing\nnext')], new Date(0));
    const text = await metrics.render();
    expect(text).toContain('workload="shop/deployment/check\\"out\\\\"');
    expect(text).toContain('nodejs_eventloop_lag_p99_seconds');
    expect(promtoolCheckMetrics(promtool!, text)).toEqual({ status: 0, findings: '' });
  });
});
