/**
 * `distroready scrape-config` writes jobs Prometheus accepts: promtool checks the plain
 * config for each of N shards, and the operator's ScrapeConfig once rendered the way the
 * operator does (camelCase fields to snake_case, its sharding rules appended, which hash
 * `__tmp_hash` when the job sets it). The relabelling itself is replayed on sample
 * targets: every workload lands on exactly one shard, at the replica that listed it.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { operatorScrapeConfig, prometheusScrapeConfig, type ScrapeConfigOptions } from '../../src/metrics/scrape-config';
import { requireBinary } from '../support/binaries';
import { CLI, ROOT } from '../support/examples-config';

const promtool = requireBinary('promtool');
const dir = mkdtempSync(path.join(tmpdir(), 'scrape-config-'));
const token = path.join(dir, 'token');
writeFileSync(token, 's3cret');
const base: ScrapeConfigOptions = { url: 'http://distroready-{i}.distroready.distroready.svc:8080', replicas: 2, shards: 3, shard: 0, interval: '5m', timeout: '1m', tokenFile: token, jobName: 'distroready', namespace: 'monitoring' };

function promtoolCheck(text: string, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return execFileSync(promtool!, ['check', 'config', file], { encoding: 'utf8' });
}

type Relabel = { source_labels?: string[]; target_label?: string; regex?: string; replacement?: string; action?: string; modulus?: number };

/** Prometheus' relabelling for the actions these jobs use (replace, keep, hashmod: md5, last 8 bytes, mod). */
function relabel(labels: Record<string, string>, rules: Relabel[]): Record<string, string> | null {
  const l = { ...labels };
  for (const r of rules) {
    const value = (r.source_labels ?? []).map((s) => l[s] ?? '').join(';');
    const action = r.action ?? 'replace';
    if (action === 'hashmod') {
      const sum = createHash('md5').update(value).digest();
      l[r.target_label!] = String(sum.readBigUInt64BE(8) % BigInt(r.modulus!));
    } else if (action === 'keep') {
      if (!new RegExp(`^(?:${r.regex ?? '(.*)'})$`).test(value)) return null;
    } else {
      const m = new RegExp(`^(?:${r.regex ?? '(.*)'})$`).exec(value);
      if (m) l[r.target_label!] = (r.replacement ?? '$1').replace(/\$(\d)/g, (_x, d: string) => m[Number(d)] ?? '');
    }
  }
  return l;
}

(promtool ? describe : describe.skip)('scrape-config', () => {
  it.each([1, 3])('writes a plain Prometheus config that promtool accepts, for each of %i shards', (shards) => {
    for (let shard = 0; shard < shards; shard++) {
      expect(promtoolCheck(prometheusScrapeConfig({ ...base, shards, shard }), `p-${shards}-${shard}.yml`)).toContain('SUCCESS');
    }
  });

  it('puts each workload on exactly one Prometheus shard, scraped at the replica that listed it', () => {
    const workloads = Array.from({ length: 60 }, (_, i) => `ns-${i % 4}/deployment/svc-${i}`);
    const owner = new Map<string, number>();
    for (let shard = 0; shard < 3; shard++) {
      const job = (parse(prometheusScrapeConfig({ ...base, shard })) as { scrape_configs: { relabel_configs: Relabel[] }[] }).scrape_configs[0]!;
      for (const [i, w] of workloads.entries()) {
        const sd = `http://distroready-${i % 2}.distroready.distroready.svc:8080/api/v1/targets`;
        const out = relabel({ __address__: w, __meta_url: sd }, job.relabel_configs);
        if (!out) continue;
        expect(owner.has(w)).toBe(false);
        owner.set(w, shard);
        expect(out).toMatchObject({ __param_target: w, workload: w, __address__: `distroready-${i % 2}.distroready.distroready.svc:8080` });
      }
    }
    expect(owner.size).toBe(workloads.length);
    expect(new Set(owner.values()).size).toBe(3);
  });

  it('writes an operator ScrapeConfig whose rendered job promtool accepts, sharded by workload name', () => {
    const cr = parse(operatorScrapeConfig(base)) as { kind: string; spec: { metricsPath: string; scrapeInterval: string; scrapeTimeout: string; httpSDConfigs: { url: string; refreshInterval: string }[]; relabelings: Record<string, unknown>[] } };
    expect(cr.kind).toBe('ScrapeConfig');
    const snake = (r: Record<string, unknown>): Relabel => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/[A-Z]/g, (ch) => `_${ch.toLowerCase()}`), v]));
    // What prometheus-operator appends for Prometheus.spec.shards: hash __tmp_hash, or the address when unset.
    const operatorSharding: Relabel[] = [
      { source_labels: ['__address__', '__tmp_hash'], target_label: '__tmp_hash', regex: '(.+);', replacement: '$1', action: 'replace' },
      { source_labels: ['__tmp_hash'], target_label: '__tmp_hash', modulus: 2, action: 'hashmod' },
      { source_labels: ['__tmp_hash', '__tmp_disable_sharding'], regex: '1;|.+;.+', action: 'keep' },
    ];
    const job = {
      job_name: 'scrapeConfig/monitoring/distroready',
      metrics_path: cr.spec.metricsPath,
      scrape_interval: cr.spec.scrapeInterval,
      scrape_timeout: cr.spec.scrapeTimeout,
      http_sd_configs: cr.spec.httpSDConfigs.map((s) => ({ url: s.url, refresh_interval: s.refreshInterval })),
      relabel_configs: [...cr.spec.relabelings.map(snake), ...operatorSharding],
    };
    expect(promtoolCheck(stringify({ scrape_configs: [job] }), 'operator.yml')).toContain('SUCCESS');
    // Replayed: targets spread over both operator shards by their name, not all on distroready's address.
    const kept = Array.from({ length: 40 }, (_, i) => `shop/deployment/svc-${i}`).filter((w) => relabel({ __address__: w, __meta_url: cr.spec.httpSDConfigs[0]!.url }, job.relabel_configs) !== null);
    expect(kept.length).toBeGreaterThan(5);
    expect(kept.length).toBeLessThan(35);
  });

  it('is a command of the bundled CLI too (dist/cli.js, as installed), whose output promtool accepts', () => {
    const out = execFileSync(process.execPath, [path.join(ROOT, 'dist', 'cli.js'), 'scrape-config', '--url', 'http://distroready:8080'], { encoding: 'utf8' });
    expect(promtoolCheck(out, 'bundled.yml')).toContain('SUCCESS');
  });

  it('refuses a shard outside the shard count, with a usage error', () => {
    let err: { status: number; stderr: string } | null = null;
    try {
      execFileSync(process.execPath, [CLI, 'scrape-config', '--shards', '2', '--shard', '2'], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      err = e as { status: number; stderr: string };
    }
    expect(err?.status).toBe(2);
    expect(err?.stderr).toContain('distroready: --shard: 2 is not below --shards 2');
  });
});
