/**
 * The Prometheus side of a fleet: a scrape job that asks each distroready replica which
 * workloads it judges (`/api/v1/targets`, HTTP service discovery) and scrapes
 * `/probe?target=<workload>` on the replica that listed it. Large fleets split across N
 * Prometheus servers with hashmod on the workload name (`--shards`), or through the
 * prometheus-operator's own sharding, which hashes `__tmp_hash` when a job sets it.
 */
import { stringify } from 'yaml';

export interface ScrapeConfigOptions {
  /** distroready's base URL; `{i}` is replaced by each replica's ordinal 0..replicas-1. */
  url: string;
  replicas: number;
  /** Prometheus shards; 1 = no hashmod. */
  shards: number;
  /** The shard this Prometheus is (plain Prometheus only). */
  shard: number;
  interval: string;
  timeout: string;
  /** A file holding api.token, for the traffic-sending /probe. */
  tokenFile?: string;
  jobName: string;
  /** Namespace of the ScrapeConfig object. */
  namespace: string;
}

function sdUrls(o: ScrapeConfigOptions): string[] {
  const base = (i: number): string => o.url.replace(/\{i\}/g, String(i)).replace(/\/+$/, '');
  const urls = o.url.includes('{i}') ? Array.from({ length: o.replicas }, (_, i) => base(i)) : [base(0)];
  return urls.map((u) => `${u}/api/v1/targets`);
}

/** The relabelling both forms share: the target is the workload name; the address, the replica that listed it. */
function common(): Record<string, unknown>[] {
  return [
    { source_labels: ['__address__'], target_label: '__param_target' },
    { source_labels: ['__param_target'], target_label: 'workload' },
    { source_labels: ['__meta_url'], regex: 'https?://([^/]+)/.*', target_label: '__address__', replacement: '$1' },
  ];
}

export function prometheusScrapeConfig(o: ScrapeConfigOptions): string {
  const auth = o.tokenFile ? { authorization: { type: 'Bearer', credentials_file: o.tokenFile } } : {};
  const sharding = o.shards > 1
    ? [
        { source_labels: ['__param_target'], modulus: o.shards, target_label: '__tmp_hash', action: 'hashmod' },
        { source_labels: ['__tmp_hash'], regex: String(o.shard), action: 'keep' },
      ]
    : [];
  const [setTarget, workloadLabel, setAddress] = common();
  const config = {
    global: { scrape_interval: '1m' },
    scrape_configs: [
      {
        job_name: o.jobName,
        metrics_path: '/probe',
        scrape_interval: o.interval,
        scrape_timeout: o.timeout,
        ...auth,
        http_sd_configs: sdUrls(o).map((url) => ({ url, refresh_interval: '1m', ...auth })),
        // Hash the workload name before the address becomes the replica's (all targets share it).
        relabel_configs: [setTarget, workloadLabel, ...sharding, setAddress],
      },
    ],
  };
  const head = `# distroready scrape job${o.shards > 1 ? `: Prometheus shard ${o.shard} of ${o.shards} (hashmod on the workload name)` : ''}\n`;
  return head + stringify(config, { lineWidth: 0, aliasDuplicateObjects: false });
}

const camel = (r: Record<string, unknown>): Record<string, unknown> => {
  const map: Record<string, string> = { source_labels: 'sourceLabels', target_label: 'targetLabel' };
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [map[k] ?? k, v]));
};

/** A prometheus-operator ScrapeConfig; the operator's `shards` then split it by `__tmp_hash`. */
export function operatorScrapeConfig(o: ScrapeConfigOptions): string {
  const [setTarget, workloadLabel, setAddress] = common();
  const auth = o.tokenFile ? { authorization: { type: 'Bearer', credentials: { name: 'distroready', key: 'token' } } } : {};
  const object = {
    apiVersion: 'monitoring.coreos.com/v1alpha1',
    kind: 'ScrapeConfig',
    metadata: { name: o.jobName, namespace: o.namespace, labels: { 'app.kubernetes.io/name': 'distroready' } },
    spec: {
      metricsPath: '/probe',
      scrapeInterval: o.interval,
      scrapeTimeout: o.timeout,
      ...auth,
      httpSDConfigs: sdUrls(o).map((url) => ({ url, refreshInterval: '1m', ...auth })),
      relabelings: [
        camel(setTarget!),
        camel(workloadLabel!),
        // The operator's sharding hashes __tmp_hash when a job sets it, else the address (one for all targets here).
        { sourceLabels: ['__param_target'], targetLabel: '__tmp_hash' },
        camel(setAddress!),
      ],
    },
  };
  return `# distroready scrape job for the prometheus-operator; with Prometheus.spec.shards, targets split by workload name.\n${stringify(object, { lineWidth: 0, aliasDuplicateObjects: false })}`;
}
