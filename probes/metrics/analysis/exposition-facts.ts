/**
 * Turns a parsed exposition into the facts the metrics checks judge: validity with its
 * errors as evidence, lint problems, the signals it carries, and cardinality. Raw counts
 * only (thresholds are check parameters). Pure, so the fixture corpus can assert on exactly
 * what a probe would report.
 */
import { clip, type ParsedExposition } from '../parser/exposition';
import { measureCardinality } from './cardinality';
import { listed } from './listed';
import { NAMING_RULES, lintExposition, type LintProblem } from './lint';
import { assessUsefulness, type Pick, type Signals } from './usefulness';

/** Which limit cut the parse short (the byte limit is the scrape's, see `probes/metrics.ts`). */
export type ParseTruncation = 'maxSamples' | 'maxLineBytes' | null;

export function expositionFacts(parsed: ParsedExposition) {
  const truncatedBy: ParseTruncation = parsed.limitBreached === null ? null : parsed.limitBreached.limit === 'maxSamples' ? 'maxSamples' : 'maxLineBytes';
  const lint = lintExposition(parsed);
  const naming = lint.filter((p) => NAMING_RULES.has(p.rule));
  const structure = lint.filter((p) => !NAMING_RULES.has(p.rule));
  const { signals, notTraffic } = assessUsefulness(parsed.families);
  const card = measureCardinality(parsed.families);
  const topLabel = card.topLabel && { ...card.topLabel, family: clip(card.topLabel.family), label: clip(card.topLabel.label) };
  return {
    format: parsed.format,
    // An error is an error wherever it is; a clean part of an exposition is not a clean exposition.
    valid: parsed.errorCount > 0 ? false : truncatedBy !== null ? null : true,
    errorCount: parsed.errorCount,
    truncatedBy,
    families: parsed.families.filter((f) => f.count > 0).length,
    series: card.series,
    lintNamingCount: naming.length,
    lintStructureCount: structure.length,
    lintRules: [...new Set(lint.map((p) => p.rule))].sort(),
    signals,
    topLabel,
    evidence: {
      errors: listed(parsed.errors.map((e) => `line ${e.line}: ${e.message}`), parsed.errorCount),
      naming: problems(naming),
      structure: problems(structure),
      runtime: runtimeEvidence(signals),
      red: redEvidence(signals, notTraffic),
      latency: [signals.latency ? explain(signals.latency) : `none: no histogram or summary of server request durations by a known convention (${LOOKED_FOR.duration})`],
      cardinality: [
        `${card.series} series in ${parsed.families.length} families`,
        ...card.topFamilies.map((f) => `${clip(f.family)}: ${f.series} series`),
        ...(topLabel ? [`label with most values: ${topLabel.family}{${topLabel.label}} has ${topLabel.distinct}`] : []),
      ],
    },
  };
}

export type ExpositionFacts = ReturnType<typeof expositionFacts>;

/** Examples of what each signal was looked for as, for evidence when none was found. */
const LOOKED_FOR = {
  requests: 'e.g. http_requests_total, http_server_requests_total, grpc_server_handled_total, nginx_http_requests_total',
  duration: 'e.g. http_server_request_duration_seconds (OpenTelemetry), http_server_requests_seconds (Micrometer), http_request_duration_seconds (Prometheus clients), grpc_server_handling_seconds',
};

const explain = (p: Pick): string => `${p.metric}: ${p.why}`;

function redEvidence(s: Signals, notTraffic: string[]): string[] {
  const lines = [
    `rate: ${s.rate ? explain(s.rate) : `none: no server request counter or request-duration histogram by a known convention (${LOOKED_FOR.requests})`}`,
    `errors: ${s.errors ? explain(s.errors) : s.rate ? `none: ${s.rate.family} has no status label (code, status, status_code, grpc_code, …)` : 'none: no request family to carry a status'}`,
    `duration: ${s.duration ? explain(s.duration) : `none (${LOOKED_FOR.duration})`}`,
  ];
  return [...lines, ...notTraffic];
}

/** One line, short enough to be shown whole: the first names, and how many more. */
function runtimeEvidence(s: Signals): string[] {
  if (s.runtimeCount === 0) return ['no process_*, go_*, nodejs_*, jvm_*, python_*, dotnet_*, v8js_* or erlang_vm_* families'];
  const names: string[] = [];
  let length = 0;
  for (const name of s.runtime) {
    if (names.length > 0 && length + name.length > 300) break;
    names.push(name);
    length += name.length + 2;
  }
  const more = s.runtimeCount > names.length ? `, … and ${s.runtimeCount - names.length} more` : '';
  return [`${s.runtimeCount} runtime families: ${names.join(', ')}${more}`];
}

function problems(found: LintProblem[]): string[] {
  return listed(found.map((p) => `line ${p.line}: ${clip(p.message, 300)}`), found.length);
}
