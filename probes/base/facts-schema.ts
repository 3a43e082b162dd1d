/**
 * The base probe's facts, declared once: this schema is both the TypeScript type and what
 * check rules in config/checks/base/ may name. A part that could not be determined is
 * `null` (no process to read, an unreadable /proc/<pid>, no Dockerfile), so the checks
 * that need it come out `unknown` with the reason in `unknowns`.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { LIBC_FAMILIES } from './elf/read-elf';
import { STACKS } from './dockerfile/stack';
import { WATCHED_KINDS } from './recommend/file-needs';
import { LIBRARY_ORIGINS, PLACEMENTS } from './recommend/needs';
import { VARIANTS } from './recommend/variants';
import { RUNTIMES, VERSION_SOURCES } from './proc/runtime';
import { SEARCH_SOURCES } from './libs/search';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const OneOf = <T extends readonly string[]>(values: T) => Type.Union(values.map((v) => Type.Literal(v)));
const Strings = Type.Array(Type.String());

export const PROCESS_SOURCES = ['run', 'pid', 'pidFile'] as const;

export const BinaryFacts = Type.Object({
  path: Type.String(),
  bits: Type.Union([Type.Literal(32), Type.Literal(64)]),
  machine: Type.String(),
  type: Type.String(),
  interpreter: Nullable(Type.String()),
  libc: OneOf(LIBC_FAMILIES),
  needed: Strings,
  runpath: Nullable(Strings),
  rpath: Nullable(Strings),
  go: Type.Boolean(),
  bytesRead: Type.Integer(),
});

export const LibraryFacts = Type.Object({
  name: Type.String(),
  path: Type.String(),
  realPath: Type.String(),
  neededBy: Type.String(),
  origin: OneOf(LIBRARY_ORIGINS),
  placement: OneOf(PLACEMENTS),
  via: Nullable(OneOf(SEARCH_SOURCES)),
  /** The variant of the recommended image's chain that has it; `null` when it must be copied or is not a system library. */
  providedBy: Nullable(OneOf(VARIANTS)),
});

export const CopyFacts = Type.Object({ library: Type.String(), from: Type.String(), to: Type.String(), neededBy: Type.String() });

export const RecommendedFacts = Type.Object({
  variant: Nullable(OneOf(VARIANTS)),
  image: Nullable(Type.String()),
  debugImage: Nullable(Type.String()),
  chainguard: Nullable(Type.Object({ image: Type.String(), note: Nullable(Type.String()) })),
  copy: Type.Array(CopyFacts),
  copyCount: Type.Integer(),
  copyLines: Strings,
  /** The COPY lines as one block, for the check's proposed patch. */
  copyPatch: Nullable(Type.String()),
  reasons: Strings,
  /** What the recommendation rests on: a process that was read, or only a Dockerfile. */
  basis: OneOf(['process', 'dockerfile'] as const),
});

export const ProcessFacts = Type.Object({
  pid: Type.Integer(),
  source: OneOf(PROCESS_SOURCES),
  exe: Nullable(Type.String()),
  exeDeleted: Type.Boolean(),
  uid: Nullable(Type.Integer()),
  tz: Nullable(Type.String()),
  ldLibraryPath: Nullable(Type.String()),
  mappedCode: Nullable(Type.Integer()),
  mappedData: Nullable(Type.Integer()),
  bytesRead: Type.Integer(),
  errors: Strings,
});

export const RuntimeFacts = Type.Object({
  name: OneOf(RUNTIMES),
  version: Nullable(Type.String()),
  versionSource: Nullable(OneOf(VERSION_SOURCES)),
  recognisedBy: Type.String(),
});

export const LibrariesFacts = Type.Object({
  list: Type.Array(LibraryFacts),
  unresolved: Type.Array(Type.Object({ name: Type.String(), neededBy: Type.String() })),
  errors: Strings,
  truncated: Type.Boolean(),
  bytesRead: Type.Integer(),
});

export const FilesFacts = Type.Object({
  watched: Type.Object(Object.fromEntries(WATCHED_KINDS.map((k) => [k, Strings])) as Record<(typeof WATCHED_KINDS)[number], typeof Strings>),
  samples: Type.Integer(),
  windowMs: Type.Integer(),
  missing: Type.Array(Type.Object({ path: Type.String(), why: Type.String() })),
  missingCount: Type.Integer(),
  evidence: Strings,
});

export const Location = Type.Object({ file: Type.String(), line: Type.Integer() });

export const DockerfileFacts = Type.Object({
  file: Type.String(),
  error: Nullable(Type.String()),
  finalStage: Nullable(
    Type.Object({
      from: Type.String(),
      line: Type.Integer(),
      tier: Nullable(Type.Integer()),
      tierName: Type.String(),
      sizeNote: Type.String(),
      copies: Type.Array(Type.Object({ line: Type.Integer(), from: Type.String(), sources: Strings, dest: Type.String() })),
      installs: Type.Array(Type.Object({ line: Type.Integer(), manager: Type.String(), packages: Strings })),
      command: Nullable(Strings),
    }),
  ),
  stack: OneOf(STACKS),
  stackWhy: Type.String(),
  locations: Type.Array(Location),
  evidence: Strings,
});

export const DebugFacts = Type.Object({
  workload: Type.String(),
  namespace: Type.String(),
  container: Type.String(),
  runAsUser: Type.Integer(),
  uidSource: Type.String(),
  findPod: Type.String(),
  command: Type.String(),
  customProfile: Type.String(),
  stoppers: Strings,
});

export const BaseFacts = Type.Object({
  inputs: Type.Object({
    process: Nullable(Type.Object({ pid: Type.Integer(), source: OneOf(PROCESS_SOURCES) })),
    dockerfile: Nullable(Type.String()),
    manifests: Strings,
  }),
  process: Nullable(ProcessFacts),
  binary: Nullable(BinaryFacts),
  runtime: Nullable(RuntimeFacts),
  libraries: Nullable(LibrariesFacts),
  files: Nullable(FilesFacts),
  recommended: Nullable(RecommendedFacts),
  /** The multi-stage Dockerfile that gets the workload onto the recommended image. */
  proposedDockerfile: Nullable(Type.String()),
  dockerfile: Nullable(DockerfileFacts),
  /** `null` without manifests; one entry per main container. */
  debug: Nullable(Type.Array(DebugFacts)),
  /** What could not be read or judged, and what input would settle it. */
  unknowns: Strings,
});
export type BaseFacts = Static<typeof BaseFacts>;
