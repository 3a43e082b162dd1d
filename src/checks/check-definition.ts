/**
 * A check is data: one YAML file in `config/checks/<probe>/<id>.yaml`. It names the probe
 * whose facts it judges, a JSON Schema those facts satisfy when the check passes, and the
 * words a person reads either way. Adding a check touches no TypeScript.
 */
import type { JsonSchema, ProbeId } from '../../probes/types';
import { SEVERITIES, type Severity } from '../model';

/** A threshold or other value a rule names with `{ $param: name }`; config may override it. */
export type CheckParam = number | string | boolean;

export interface CheckDefinition {
  /** lowerCamelCase, naming the problem: `healthLivenessMissing`. */
  id: string;
  probe: ProbeId;
  severity: Severity;
  /** Short title for tables and JUnit test case names. */
  title: string;
  /**
   * Fact paths (dotted) the rule needs. When any is `null` or absent, the check is
   * `unknown` — shown, and left out of the score.
   */
  requires: string[];
  /** JSON Schema over the probe's facts; valid means pass. */
  rule: JsonSchema;
  /** Messages with `{{fact.path}}` placeholders. */
  pass: string;
  fail: string;
  /** Fact paths whose values (strings or lists of strings) are shown as evidence. */
  evidence: string[];
  remediation: string;
  /** Fact path holding a proposed patch (e.g. YAML), shown when the check fails. */
  patch?: string;
  /** Fact path holding `{file, line, column?}[]` of the finding, for SARIF and `lint`. */
  locations?: string;
  /**
   * A precondition: judged over the target's facts (was it started, was it reached), not
   * the probe's; it gates the verdict and never adds weight to the score.
   */
  gate?: boolean;
  /**
   * Named values the rule uses as `{ $param: name }` and messages as `{{params.name}}`:
   * thresholds live here, not in probe options, and `checks.<id>.params` overrides them.
   */
  params?: Record<string, CheckParam>;
  /** Where the definition was read from, for error messages. */
  file: string;
}

/** The schema a check file must satisfy; the loader names file, line and key on errors. */
export const checkFileSchema: JsonSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'probe', 'severity', 'title', 'rule', 'pass', 'fail', 'remediation'],
  properties: {
    id: { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' },
    probe: { type: 'string' },
    severity: { enum: [...SEVERITIES] },
    title: { type: 'string', minLength: 1 },
    requires: { type: 'array', items: { type: 'string' }, default: [] },
    rule: { type: 'object' },
    pass: { type: 'string', minLength: 1 },
    fail: { type: 'string', minLength: 1 },
    evidence: { type: 'array', items: { type: 'string' }, default: [] },
    remediation: { type: 'string', minLength: 1 },
    patch: { type: 'string' },
    locations: { type: 'string' },
    gate: { type: 'boolean' },
    params: { type: 'object', additionalProperties: { type: ['number', 'string', 'boolean'] } },
  },
};
