/**
 * Every command and its options, once: the parser, `distroready help`, `distroready
 * CMD --help` and the did-you-mean for a mistyped flag all read this list.
 */
import { PROBE_IDS } from '../../probes/ids';
import { REPORT_FORMATS } from '../report/formats';

export interface OptionSpec {
  name: string;
  type: 'string' | 'boolean';
  /** May be given more than once (and, for `takesList`, followed by several values). */
  multiple?: boolean;
  /** `--manifests a.yaml b.yaml`: the words after it, up to the next flag, are its values. */
  takesList?: boolean;
  short?: string;
  /** The placeholder in help: `FILE`, `URL`. */
  value?: string;
  help: string;
}

export interface CommandSpec {
  name: string;
  summary: string;
  /** What follows the options in the synopsis: `FILE...`. */
  operands?: string;
  options: readonly OptionSpec[];
  /** Paragraphs after the options: exit codes, defaults. */
  notes: readonly string[];
}

const config: OptionSpec = { name: 'config', type: 'string', value: 'FILE', help: 'the config file (else $DISTROREADY_CONFIG, else the bundled config/distroready.yaml)' };
const shard: OptionSpec = {
  name: 'shard',
  type: 'string',
  value: 'i/N',
  help: 'judge only shard i of N of the fleet (a stable hash of each object uid; configured workloads by name), else $DISTROREADY_SHARD, else the StatefulSet ordinal with $DISTROREADY_SHARDS',
};

/**
 * The one list of commands: the dispatcher and help read it, and the build bundles one
 * file per entry (`dist/commands/<name>.js`, src/build/bundle-cli.ts), so a command is
 * added here and in `src/commands/<name>.ts`, nowhere else.
 */
const SPECS = [
  {
    name: 'serve',
    summary: 'run the service: sweeps on an interval, the dashboard at /, the REST API, /metrics and the OTLP receiver',
    options: [config, shard],
    notes: ['Logs are JSON lines on stdout (pino). Stops on SIGTERM or SIGINT.'],
  },
  {
    name: 'check',
    summary: 'one sweep, one report: of the configured workloads, or of ad-hoc --target URLs',
    options: [
      config,
      { name: 'target', type: 'string', multiple: true, value: 'URL', help: 'probe this instead of the configured workloads: http://host:port, host:port, or a URL whose path is the metrics endpoint; repeatable' },
      { name: 'dockerfile', type: 'string', value: 'FILE', help: 'the Dockerfile of the --target, for the shell and base probes' },
      { name: 'manifests', type: 'string', multiple: true, takesList: true, value: 'FILE...', help: 'the Kubernetes manifests of the --target (several after one flag, or the flag repeated)' },
      { name: 'probes', type: 'string', value: 'LIST', help: `run only these probes, comma-separated: ${PROBE_IDS.join(',')}` },
      { name: 'format', type: 'string', value: 'FORMAT', help: `${REPORT_FORMATS.join('|')}; default text, or what the --out file's extension says` },
      { name: 'out', type: 'string', value: 'FILE', help: 'write the report here instead of stdout (report.html implies --format html, .md md, .json json, .sarif sarif, .xml junit)' },
      { name: 'min-score', type: 'string', value: 'N', help: 'exit 1 when a workload scores below N (0–100)' },
      shard,
    ],
    notes: [
      'Exit 0; 1 when --min-score is given and a workload scores below it; 2 for usage and config errors (the message names the file, line and key).',
      'The report goes to stdout (or --out); warnings and, on a terminal, a progress line go to stderr.',
    ],
  },
  {
    name: 'lint',
    summary: 'static shell-dependence analysis of Dockerfiles and Kubernetes manifests',
    operands: 'FILE|DIR...',
    options: [
      { name: 'format', type: 'string', short: 'f', value: 'FORMAT', help: 'text|json|sarif; default text' },
      { name: 'emit-patches', type: 'string', value: 'DIR', help: 'write each proposed patch, and a proposed Dockerfile for each Dockerfile with blockers, as files in DIR' },
    ],
    notes: ['Exit 1 when any finding is critical (it would break on a distroless image), 0 otherwise, 2 for usage errors.'],
  },
  {
    name: 'scrape-config',
    summary: "print the Prometheus scrape job that drives /probe over a fleet's workloads (GET /api/v1/targets), sharded by hashmod",
    options: [
      { name: 'url', type: 'string', value: 'URL', help: 'where distroready answers; {i} stands for the replica ordinal (default http://distroready.distroready.svc:8080)' },
      { name: 'replicas', type: 'string', value: 'N', help: 'distroready replicas (serve --shard), each listed at its --url; default 1' },
      { name: 'shards', type: 'string', value: 'N', help: 'Prometheus servers sharing the job by hashmod of the workload name; default 1' },
      { name: 'shard', type: 'string', value: 'I', help: 'the Prometheus shard this config is for, 0 to N-1; default 0' },
      { name: 'format', type: 'string', value: 'FORMAT', help: 'prometheus (a scrape_configs file) or scrapeconfig (a prometheus-operator ScrapeConfig); default prometheus' },
      { name: 'interval', type: 'string', value: 'DURATION', help: 'scrape interval; default 5m' },
      { name: 'timeout', type: 'string', value: 'DURATION', help: 'scrape timeout (it bounds each /probe); default 1m' },
      { name: 'token-file', type: 'string', value: 'FILE', help: "the file with distroready's api.token, sent as a bearer token" },
      { name: 'namespace', type: 'string', value: 'NS', help: 'the ScrapeConfig\'s namespace; default monitoring' },
    ],
    notes: ['Exit 0; 2 for usage errors. promtool check config accepts the output (the tests hold it to that).'],
  },
] as const satisfies readonly CommandSpec[];

export type CommandName = (typeof SPECS)[number]['name'];
export const COMMANDS: readonly (CommandSpec & { name: CommandName })[] = SPECS;

export function commandSpec(name: string): (CommandSpec & { name: CommandName }) | undefined {
  return COMMANDS.find((c) => c.name === name);
}

/** The options and operands after `distroready NAME`. */
function synopsis(c: CommandSpec): string {
  const flags = c.options.map((o) => `[--${o.name}${o.value ? ` ${o.value}` : ''}]`);
  return [...flags, ...(c.operands ? [c.operands] : [])].join(' ');
}

/** `head` in a column of `indent` characters, `text` wrapped at `width` beside it. */
function wrap(head: string, text: string, indent: number, width = 92): string {
  const out: string[] = [];
  let line = head && head.length >= indent ? `${head} ` : head.padEnd(indent);
  let empty = true;
  for (const word of text.split(/ +/)) {
    if (!empty && line.length + 1 + word.length > width) {
      out.push(line);
      line = ' '.repeat(indent) + word;
    } else line = empty ? `${line}${word}` : `${line} ${word}`;
    empty = false;
  }
  out.push(line);
  return out.join('\n');
}

/** `distroready CMD --help`. */
export function commandHelp(c: CommandSpec): string {
  const width = Math.max(...c.options.map((o) => o.name.length + (o.value?.length ?? 0)), 4) + 6;
  const options = [...c.options, { name: 'help', type: 'boolean', short: 'h', help: 'show this help' } as OptionSpec].map((o) =>
    wrap(`  --${o.name}${o.value ? ` ${o.value}` : ''}`, o.help, width + 4),
  );
  return `${wrap('', `${c.summary[0]!.toUpperCase()}${c.summary.slice(1)}.`, 0)}

Usage:
${wrap(`  distroready ${c.name}`, synopsis(c), 8)}

Options:
${options.join('\n')}

${c.notes.map((n) => wrap('', n, 0)).join('\n\n')}
`;
}

/** `distroready help`: every command in one screen. */
export function generalHelp(): string {
  const names = Math.max(...COMMANDS.map((c) => c.name.length));
  return `distroready — can each workload move to a shell-less (distroless) image, and what is in the way?

Usage:
  distroready COMMAND [OPTIONS]

Commands:
${COMMANDS.map((c) => wrap(`  ${c.name}`, c.summary, names + 4)).join('\n')}
  ${'help'.padEnd(names)}  this text; distroready help COMMAND (or COMMAND --help) for its options

Examples:
  distroready check --target 127.0.0.1:8080
  distroready check --out report.html
  distroready serve --config distroready.yaml
  distroready lint Dockerfile deploy/

Config: --config FILE, else $DISTROREADY_CONFIG, else the bundled config/distroready.yaml.
`;
}
