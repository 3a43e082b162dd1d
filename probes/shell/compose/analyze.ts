/**
 * Compose files (`compose.yaml`, `docker-compose.yml`): what each service runs. A
 * `command` or `entrypoint` that calls `sh -c` (list or string: Compose splits a string
 * into words itself and runs no shell) and a `healthcheck.test` in CMD-SHELL form (a
 * string, or `["CMD-SHELL", …]`) or calling curl are the same blockers as in a Dockerfile.
 * Suppressions: `x-distroready-ignore` (and `x-distroready-ignore-reason`) on a service,
 * or at the top level for every service.
 */
import { classifyArgv, showArgv, toolsInScript } from '../commands';
import type { Finding } from '../findings';
import type { ManifestDoc } from '../manifests/load';
import { splitWords } from '../script/split-words';
import { checkList, COMPOSE_IGNORE, COMPOSE_REASON, type Directive } from '../suppressions';

export interface ComposeAnalysis {
  findings: Finding[];
  services: number;
}

const MAX_SERVICES = 500;
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** A document is a Compose file when it has a `services` mapping and is no Kubernetes object. */
export function isComposeDoc(value: unknown): boolean {
  return isObject(value) && isObject(value.services) && value.kind === undefined && value.apiVersion === undefined;
}

/** `$$` is Compose's escape for a literal `$`. */
const unescape = (s: string): string => s.replace(/\$\$/g, '$');

function argvOf(value: unknown): string[] | null {
  if (Array.isArray(value)) return value.map((v) => unescape(String(v)));
  if (typeof value === 'string') return splitWords(unescape(value)).argv;
  return null;
}

function directive(at: Record<string, unknown>, source: string): Directive | null {
  const checks = checkList(at[COMPOSE_IGNORE]);
  if (checks.length === 0) return null;
  const reason = typeof at[COMPOSE_REASON] === 'string' ? (at[COMPOSE_REASON] as string).slice(0, 300) : null;
  return { checks, reason, source };
}

interface Ctx {
  file: string;
  doc: ManifestDoc;
  name: string;
  directives: Directive[];
  out: Finding[];
}

function add(ctx: Ctx, at: (string | number)[], text: string, kind: Finding['kind']): void {
  const pos = ctx.doc.position(['services', ctx.name, ...at]);
  ctx.out.push({ kind, file: ctx.file, line: pos.line, column: pos.column, text: `service ${ctx.name}: ${text}`, directives: ctx.directives });
}

function commands(ctx: Ctx, service: Record<string, unknown>): void {
  const entrypoint = argvOf(service.entrypoint);
  const command = argvOf(service.command);
  for (const [key, argv] of [['entrypoint', entrypoint], ['command', command]] as const) {
    if (!argv || argv.length === 0) continue;
    // With an entrypoint set, command is its arguments, not a program.
    if (key === 'command' && entrypoint && entrypoint.length > 0) continue;
    const info = classifyArgv(argv);
    if (info.kind === 'shell' || info.kind === 'tool' || info.kind === 'script') {
      add(ctx, [key], `${key} runs ${showArgv(argv)}: needs ${info.program}, which a distroless image does not have`, 'containerCommand');
    }
  }
}

function healthcheck(ctx: Ctx, service: Record<string, unknown>): void {
  const hc = isObject(service.healthcheck) ? service.healthcheck : null;
  if (!hc || hc.disable === true || hc.test === undefined) return;
  const test = hc.test;
  const list = Array.isArray(test) ? test.map((t) => unescape(String(t))) : null;
  if (list?.[0] === 'NONE') return;
  const script = typeof test === 'string' ? unescape(test) : list?.[0] === 'CMD-SHELL' ? (list[1] ?? '') : null;
  if (script !== null) {
    const tools = toolsInScript(script);
    add(ctx, ['healthcheck', 'test'], `healthcheck test ${showArgv([script])} is CMD-SHELL (runs /bin/sh -c)${tools.length ? ` and calls ${tools.join(', ')}` : ''}`, 'healthcheck');
    return;
  }
  if (list?.[0] !== 'CMD') return;
  const info = classifyArgv(list.slice(1));
  if (info.kind !== 'binary') add(ctx, ['healthcheck', 'test'], `healthcheck test runs ${showArgv(list.slice(1))}: needs ${info.program}, which a distroless image does not have`, 'healthcheck');
}

/** Every service of a Compose document. The shell parser must be loaded. */
export function analyzeComposeDoc(file: string, doc: ManifestDoc): ComposeAnalysis {
  const out: Finding[] = [];
  const root = doc.value as Record<string, unknown>;
  const top = directive(root, `${file} top-level ${COMPOSE_IGNORE}`);
  const services = Object.entries(root.services as Record<string, unknown>).slice(0, MAX_SERVICES);
  for (const [name, service] of services) {
    if (!isObject(service)) continue;
    const own = directive(service, `${file} service ${name} ${COMPOSE_IGNORE}`);
    const ctx: Ctx = { file, doc, name, directives: [own, top].filter((d): d is Directive => d !== null), out };
    commands(ctx, service);
    healthcheck(ctx, service);
  }
  return { findings: out, services: services.length };
}
