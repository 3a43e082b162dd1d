/**
 * Loads and validates the config once, at start, and fails fast: every problem is listed
 * with its file, line, key and a fix, in one error.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { ErrorObject } from 'ajv';
import { isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import { probes } from '../../probes';
import { parseDuration } from '../duration';
import { compileCached, parentSchemaOf } from '../schema/compile-cached';
import { DEFAULT_CONFIG_FILE } from '../paths';
import { DistroreadyError } from '../errors';
import type { SourceLocation } from '../model';
import type { WorkloadConfig } from '../targets/target';
import { buildConfigSchema } from './config-schema';
import type { Config } from './config-types';
import { formatLocated, fromSchemaError, fromYamlError, type LocatedError } from './yaml-errors';
import { semanticErrors, type KnownChecks } from './semantic-checks';
import { normalizeKubernetes } from '../targets/kubernetes/kubernetes-config';


let configSchema: object | null = null;
function validate(data: unknown): { errors: ErrorObject[]; schema: object } {
  configSchema ??= buildConfigSchema(probes);
  const validator = compileCached('config', configSchema);
  return validator(data) ? { errors: [], schema: configSchema } : { errors: validator.errors ?? [], schema: configSchema };
}

/** `--config`, else `DISTROREADY_CONFIG`, else the bundled default. */
export function resolveConfigPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(flag ?? env.DISTROREADY_CONFIG ?? DEFAULT_CONFIG_FILE);
}

/** A catalog of checks, or just their ids. */
export type ChecksToValidate = readonly string[] | KnownChecks;

/**
 * Reads and validates a config file. `checks`, when given, lets `checks:` overrides and
 * `ignore:` lists be checked against the defined checks (a catalog also checks params).
 */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env, checkIds?: ChecksToValidate): Config {
  if (!existsSync(file)) {
    throw new DistroreadyError('CONFIG_NOT_FOUND', `${file}: config file not found; pass --config FILE or set DISTROREADY_CONFIG`);
  }
  return parseConfig(readFileSync(file, 'utf8'), file, env, checkIds);
}

/** Parses config text; `file` names it in errors and anchors relative paths. */
export function parseConfig(text: string, file: string, env: NodeJS.ProcessEnv = process.env, checkIds?: ChecksToValidate): Config {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: true, uniqueKeys: true });
  const display = path.relative(process.cwd(), file) || file;
  if (doc.errors.length > 0) throw configError(doc.errors.map((e) => fromYamlError(display, e)));
  substituteEnv(doc, env);
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw configError([{ file: display, line: 1, column: 1, key: '', message: 'the config must be a mapping of keys to values' }]);
  }
  const check = validate(data);
  const errors: LocatedError[] = check.errors.map((e) => fromSchemaError(display, doc, counter, e, parentSchemaOf(check.schema, e.schemaPath)));
  const known: KnownChecks | undefined = checkIds === undefined ? undefined : Array.isArray(checkIds) ? { ids: checkIds } : (checkIds as KnownChecks);
  if (errors.length === 0) errors.push(...semanticErrors(data, display, doc, counter, known, env));
  if (errors.length > 0) throw configError(errors);
  return normalize(data, path.resolve(file), env, (i) => entryLocation(doc, counter, display, i));
}

/** The line of `workloads[i]` (its first key), where SARIF anchors the workload's live findings. */
function entryLocation(doc: Document, counter: LineCounter, file: string, i: number): SourceLocation | undefined {
  const offset = (doc.getIn(['workloads', i], true) as Node | undefined)?.range?.[0];
  if (offset === undefined) return undefined;
  const { line, col } = counter.linePos(offset);
  return { file, line, column: col };
}

function configError(errors: LocatedError[]): DistroreadyError {
  const unique = [...new Set(errors.map(formatLocated))];
  return new DistroreadyError('CONFIG_INVALID', `invalid config:\n  ${unique.join('\n  ')}`, { errors });
}

/**
 * `${VAR}` and `${VAR:-default}` in string values. A value that is only `${VAR}` with VAR
 * unset is removed, so `token: ${DISTROREADY_TOKEN}` means "no token" when it is unset.
 */
function substituteEnv(doc: Document, env: NodeJS.ProcessEnv): void {
  visit(doc, {
    Pair(_, pair) {
      const value = pair.value;
      if (!isScalar(value) || typeof value.value !== 'string' || !value.value.includes('${')) return;
      const only = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(value.value);
      if (only && env[only[1]!] === undefined) return visit.REMOVE;
      value.value = value.value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g, (_m, name: string, def?: string) => env[name] ?? def ?? '');
      return undefined;
    },
  });
}

function ms(value: unknown): number {
  return parseDuration(String(value)) ?? 0;
}

function normalize(data: Record<string, unknown>, file: string, env: NodeJS.ProcessEnv, definedAt: (i: number) => SourceLocation | undefined): Config {
  const d = data as Record<string, Record<string, unknown>> & { workloads: WorkloadConfig[] };
  const baseDir = path.dirname(file);
  return {
    file,
    baseDir,
    server: {
      host: String(d.server!.host),
      port: Number(d.server!.port),
      headersTimeoutMs: ms(d.server!.headersTimeout),
      requestTimeoutMs: ms(d.server!.requestTimeout),
      keepAliveTimeoutMs: ms(d.server!.keepAliveTimeout),
      maxConnections: Number(d.server!.maxConnections),
    },
    otlp: otlpConfig(d.otlp!),
    sweep: { intervalMs: ms(d.sweep!.interval), concurrency: Number(d.sweep!.concurrency), timeoutMs: ms(d.sweep!.timeout) },
    storage: { path: path.resolve(baseDir, String(d.storage!.path)), retentionMs: ms(d.storage!.retention), maxWriteFailures: Number(d.storage!.maxWriteFailures) },
    api: apiConfig(d.api as Config['api'], env),
    scoring: d.scoring as unknown as Config['scoring'],
    report: d.report as Config['report'],
    checks: d.checks as Config['checks'],
    probes: d.probes as Config['probes'],
    workloads: d.workloads.map((w, i) => ({ ...withDefaultUrl(w), definedAt: definedAt(i) })),
    kubernetes: normalizeKubernetes(d.kubernetes),
  };
}

function otlpConfig(o: Record<string, unknown>): Config['otlp'] {
  const { retention, idleTimeout, ...rest } = o;
  return { ...(rest as Omit<Config['otlp'], 'retentionMs' | 'idleTimeoutMs'>), retentionMs: ms(retention), idleTimeoutMs: ms(idleTimeout) };
}

/** `DISTROREADY_TOKEN` is the token when the config names none, so it works with no `api:` section. */
function apiConfig(api: Config['api'], env: NodeJS.ProcessEnv): Config['api'] {
  const fromEnv = env.DISTROREADY_TOKEN;
  return api.token === undefined && fromEnv ? { ...api, token: fromEnv } : api;
}

/** A `run` workload with a port and no url is reached on loopback at that port. */
function withDefaultUrl(w: WorkloadConfig): WorkloadConfig {
  if (w.url || !w.run?.port) return w;
  return { ...w, url: `http://127.0.0.1:${w.run.port}` };
}
