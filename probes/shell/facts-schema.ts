/**
 * The shell probe's facts, declared once: the TypeBox schema is both what check rules may
 * name (`config/checks/shell/*.yaml`) and the TypeScript type the probe returns. A group is
 * `null` when no input it applies to was read (no Dockerfile, no pod template, no Compose
 * service), so the checks that judge it are `unknown`, never passed.
 */
import { Type, type Static, type TNull, type TUnion } from '@sinclair/typebox';
import { FINDING_KINDS, type FindingKind } from './findings';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const SourceLocationSchema = Type.Object({
  file: Type.String(),
  line: Type.Integer({ minimum: 1 }),
  column: Type.Optional(Type.Integer({ minimum: 1 })),
  /** A textual fix: lines `line`..`endLine` become `text`. */
  fix: Type.Optional(Type.Object({ endLine: Type.Integer({ minimum: 1 }), text: Type.String() })),
});

/** Findings of one kind: `locations[i]` and `evidence[i]` are the same finding. */
export const FindingGroupSchema = Type.Object({
  count: Type.Integer({ minimum: 0 }),
  locations: Type.Array(SourceLocationSchema),
  evidence: Type.Array(Type.String()),
  patch: Nullable(Type.String()),
  suppressed: Type.Integer({ minimum: 0 }),
  suppressedEvidence: Type.Array(Type.String()),
});

const BaseImageSchema = Type.Object({
  ref: Type.String(),
  tier: Nullable(Type.Union([Type.Literal(1), Type.Literal(2), Type.Literal(3), Type.Literal(4), Type.Literal(5)])),
  tierName: Type.Union(['full-os', 'slim', 'alpine', 'distroless', 'scratch', 'unknown'].map((n) => Type.Literal(n))),
  hasShell: Nullable(Type.Boolean()),
  nonRootByDefault: Type.Boolean(),
  debugVariant: Nullable(Type.String()),
  line: Type.Integer(),
  resolved: Type.Boolean(),
  stages: Type.Integer(),
});

const StageSummarySchema = Type.Object({
  name: Nullable(Type.String()),
  from: Type.String(),
  line: Type.Integer(),
  final: Type.Boolean(),
  copiesFrom: Type.Array(Type.String()),
});

const ObjectPatchSchema = Type.Object({
  object: Type.String(),
  file: Type.String(),
  line: Type.Integer(),
  kind: Type.String(),
  name: Type.String(),
  namespace: Nullable(Type.String()),
  patch: Type.String(),
  type: Type.Union([Type.Literal('strategic'), Type.Literal('json')]),
  checks: Type.Array(Type.String()),
});

const SuppressionSchema = Type.Object({
  check: Type.String(),
  reason: Nullable(Type.String()),
  source: Type.String(),
  count: Type.Integer({ minimum: 1 }),
});

type GroupProps = { [K in FindingKind]: TUnion<[typeof FindingGroupSchema, TNull]> };
const groupProps = Object.fromEntries(FINDING_KINDS.map((k) => [k, Nullable(FindingGroupSchema)])) as GroupProps;

const staticProps = {
  inputs: Type.Object({ dockerfile: Nullable(Type.String()), manifests: Type.Array(Type.String()) }),
  baseImage: Nullable(BaseImageSchema),
  /** The final stage's `USER`, when set. */
  user: Nullable(Type.String()),
  stages: Type.Array(StageSummarySchema),
  /** Ports the final image EXPOSEs. */
  exposed: Type.Array(Type.Integer()),
  manifestSummary: Nullable(Type.Object({ podSpecs: Type.Integer(), containers: Type.Integer(), objects: Type.Array(Type.String()) })),
  composeSummary: Nullable(Type.Object({ services: Type.Integer() })),
  ...groupProps,
  /** One strategic merge patch per Kubernetes object, whatever checks asked for it. */
  patches: Type.Array(ObjectPatchSchema),
  /** Findings a suppression removed, per check and place. */
  suppressions: Type.Array(SuppressionSchema),
};

/** What the static analysis (Dockerfile, manifests, Compose) observed. */
export const ShellStaticFacts = Type.Object(staticProps);
export type ShellStaticFacts = Static<typeof ShellStaticFacts>;

/** What a launched workload spawned while it was watched. */
export const SpawnedFacts = Type.Composite([
  FindingGroupSchema,
  Type.Object({ samples: Type.Integer(), intervalMs: Type.Integer(), processes: Type.Array(Type.String()) }),
]);
export type SpawnedFacts = Static<typeof SpawnedFacts>;

/** The shell probe's facts: the static analysis, and `spawned` (`null`: not a `run` workload, or no /proc). */
export const ShellFacts = Type.Object({ ...staticProps, spawned: Nullable(SpawnedFacts) });
export type ShellFacts = Static<typeof ShellFacts>;
