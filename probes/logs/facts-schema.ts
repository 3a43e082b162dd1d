/**
 * What the logs probe reports: where lines came from, how many of each format and stream,
 * raw shares of lines carrying each field, and sample lines as evidence. Thresholds (what
 * share is "structured enough") are the checks' parameters, not facts.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { SOURCE_KINDS } from './sources/source';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Count = Type.Integer({ minimum: 0 });
const Share = Type.Number({ minimum: 0, maximum: 1 });
const Lines = Type.Array(Type.String());

export const LogsFacts = Type.Object(
  {
    sources: Type.Array(
      Type.Object(
        {
          kind: Type.Union(SOURCE_KINDS.map((k) => Type.Literal(k))),
          label: Type.String(),
          lines: Count,
          dropped: Count,
          error: Nullable(Type.String()),
          notes: Lines,
        },
        { additionalProperties: false },
      ),
    ),
    /** Lines as read, and after joining multi-line stack traces. */
    lines: Count,
    logicalLines: Count,
    /** `pod`: lines read through the Kubernetes pods/log API (the container's stdout and stderr, merged). */
    streams: Type.Object({ stdout: Count, stderr: Count, file: Count, command: Count, pod: Count }, { additionalProperties: false }),
    /** Any line reached stdout/stderr; `null` when no source could say (only a file was read). */
    reachesStdStreams: Nullable(Type.Boolean()),
    /** Log files the launched process holds open; `null` without a process to look at. */
    openLogFiles: Nullable(Lines),
    formats: Type.Object({ json: Count, logfmt: Count, plain: Count, continuation: Count }, { additionalProperties: false }),
    structuredLines: Count,
    /** JSON or logfmt lines over logical lines; `null` with no line at all. */
    structuredShare: Nullable(Share),
    structuredPercent: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
    /** Shares of structured lines with a parseable time, a known level, a message. */
    fieldShares: Nullable(Type.Object({ time: Share, level: Share, message: Share }, { additionalProperties: false })),
    /** Distinct key sets for time, level and message among structured lines. */
    schemaVariants: Nullable(Count),
    traceIdLines: Nullable(Count),
    spanIdLines: Nullable(Count),
    stackTraces: Type.Object({ unstructured: Count, inStructure: Count }, { additionalProperties: false }),
    /** `true` once any stack trace was seen, so the stack check is unknown without one. */
    stackTracesSeen: Nullable(Type.Literal(true)),
    secretLines: Nullable(Count),
    mangled: Type.Object({ ansi: Count, invalidUtf8: Count, truncated: Count }, { additionalProperties: false }),
    mangledLines: Nullable(Count),
    /** The traces probe's traced request, when the workload traced it (joined our trace). */
    roundTrip: Nullable(Type.Object({ traceId: Type.String(), window: Type.String() }, { additionalProperties: false })),
    /** A line written during that request carries its trace id; `null` when there was no traced request. */
    roundTripCorrelated: Nullable(Type.Boolean()),
    /** The request sent so a workload that logs per request has something to say. */
    traffic: Nullable(Type.String()),
    evidence: Type.Object(
      {
        streams: Lines,
        sources: Lines,
        plain: Lines,
        missingFields: Lines,
        schemas: Lines,
        traceIds: Lines,
        unstructuredStacks: Lines,
        secrets: Lines,
        mangled: Lines,
        correlation: Lines,
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);
export type LogsFacts = Static<typeof LogsFacts>;
