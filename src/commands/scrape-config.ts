/**
 * `distroready scrape-config`: prints the Prometheus scrape job for a fleet (see
 * src/metrics/scrape-config.ts), for plain Prometheus shards or a prometheus-operator
 * ScrapeConfig.
 */
import { DistroreadyError } from '../errors';
import { operatorScrapeConfig, prometheusScrapeConfig, type ScrapeConfigOptions } from '../metrics/scrape-config';
import { DURATION_PATTERN } from '../duration';

export interface ScrapeConfigArgs {
  url?: string;
  replicas?: string;
  shards?: string;
  shard?: string;
  format?: string;
  interval?: string;
  timeout?: string;
  tokenFile?: string;
  namespace?: string;
}

const FORMATS = ['prometheus', 'scrapeconfig'] as const;

function count(text: string | undefined, flag: string, def: number, min: number): number {
  if (text === undefined) return def;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > 1000) throw new DistroreadyError('USAGE', `${flag}: "${text}" is not a whole number from ${min} to 1000`);
  return n;
}

function duration(text: string | undefined, flag: string, def: string): string {
  const value = text ?? def;
  if (!new RegExp(DURATION_PATTERN).test(value) || value.endsWith('ms')) throw new DistroreadyError('USAGE', `${flag}: "${value}" is not a duration such as 30s, 5m or 1h`);
  return value;
}

export function scrapeConfigCommand(args: ScrapeConfigArgs): number {
  const format = (args.format ?? 'prometheus') as (typeof FORMATS)[number];
  if (!FORMATS.includes(format)) throw new DistroreadyError('USAGE', `--format: "${args.format}" is not one of ${FORMATS.join(', ')}`);
  const url = args.url ?? 'http://distroready.distroready.svc:8080';
  if (!/^https?:\/\/[^/]/.test(url)) throw new DistroreadyError('USAGE', `--url: "${url}" is not an http:// or https:// URL`);
  const shards = count(args.shards, '--shards', 1, 1);
  const shard = count(args.shard, '--shard', 0, 0);
  if (shard >= shards) throw new DistroreadyError('USAGE', `--shard: ${shard} is not below --shards ${shards}`);
  const o: ScrapeConfigOptions = {
    url,
    replicas: count(args.replicas, '--replicas', 1, 1),
    shards,
    shard,
    interval: duration(args.interval, '--interval', '5m'),
    timeout: duration(args.timeout, '--timeout', '1m'),
    tokenFile: args.tokenFile,
    jobName: 'distroready',
    namespace: args.namespace ?? 'monitoring',
  };
  process.stdout.write(format === 'prometheus' ? prometheusScrapeConfig(o) : operatorScrapeConfig(o));
  return 0;
}
