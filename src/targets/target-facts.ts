/**
 * What the precondition (gate) checks judge: not a probe's facts but whether the live
 * workload was seen at all. `started` is `null` for workloads distroready does not launch,
 * `reached` is `null` when there was nothing to connect to (or it never started), so each
 * gate check is `unknown` where it does not apply.
 */
import { Type, type Static } from '@sinclair/typebox';
import { REACH_STATUSES, type Reach } from './target';

const nullable = <T extends ReturnType<typeof Type.Boolean>>(t: T) => Type.Union([t, Type.Null()]);

export const TargetFacts = Type.Object(
  {
    reach: Type.Object({
      status: Type.Union(REACH_STATUSES.map((s) => Type.Literal(s))),
      detail: Type.String(),
      evidence: Type.Array(Type.String()),
    }),
    /** A `run` workload: did it start and open its port? */
    started: nullable(Type.Boolean()),
    /** A url workload: did its port accept a connection? */
    reached: nullable(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type TargetFacts = Static<typeof TargetFacts>;

export function targetFacts(reach: Reach, launched: boolean): TargetFacts {
  return {
    reach,
    started: launched ? reach.status !== 'not-started' : null,
    // A launched workload was reached when it started: `started` already says so.
    reached: launched || reach.status === 'not-live' ? null : reach.status === 'reached',
  };
}
