/**
 * The recommendation: which variant a workload runs on, the libraries to copy because no
 * variant has them, and one line per reason. A language runtime with its own image goes
 * on that image; a native program on the smallest of static → base-nossl → base → cc
 * that has every system library it loads. A musl program has no home in this family.
 */
import * as path from 'node:path';
import type { ElfInfo } from '../elf/read-elf';
import type { RuntimeFacts } from '../proc/runtime';
import { imageFor } from './image-names';
import type { LibraryNeed } from './needs';
import { filesOf, librariesOf, NATIVE_CHAIN, providesFile, VARIANT_SPECS, variantForRuntime, type Variant } from './variants';

export interface CopyItem {
  library: string;
  /** The real file on this system (the build stage must have the same). */
  from: string;
  /** Where it goes in the image: its directory here, under the name the loader asks for. */
  to: string;
  neededBy: string;
}

export interface Recommendation {
  variant: Variant | null;
  image: string | null;
  debugImage: string | null;
  chainguard: { image: string; note: string | null } | null;
  copy: CopyItem[];
  copyLines: string[];
  reasons: string[];
}

const MUSL_REASON = (interp: string): string =>
  `interpreter ${interp} is musl (Alpine): no glibc distroless image runs it → rebuild against glibc (a Debian build stage), ` +
  'link it statically (→ static, or cgr.dev/chainguard/static), or keep a musl base';

function copyItem(l: LibraryNeed): CopyItem {
  return { library: l.name, from: l.realPath, to: path.join(path.dirname(l.realPath), l.name), neededBy: l.neededBy };
}

export const copyLine = (c: CopyItem): string => `COPY --from=build ${c.from} ${c.to}`;

function via(l: LibraryNeed): string {
  return l.neededBy.startsWith('/') ? '' : ` (via ${l.neededBy})`;
}

/** The smallest native variant that has every system library that any of them has. */
function nativeVariant(system: readonly LibraryNeed[], reasons: string[]): Variant {
  let chosen: Variant = 'static';
  for (const v of NATIVE_CHAIN.slice(1)) {
    const added = new Set(VARIANT_SPECS[v].libraries);
    // libc.so.6 names base-nossl best, whichever glibc library the walk met first.
    const driver = system.find((l) => added.has(l.name) && l.name === 'libc.so.6') ?? system.find((l) => added.has(l.name));
    if (driver) {
      chosen = v;
      reasons.push(`needs ${driver.name}${via(driver)} → ${v}`);
    }
  }
  return chosen;
}

export interface ChooseInput {
  elf: ElfInfo;
  multiarch: string;
  runtime: RuntimeFacts | null;
  libraries: readonly LibraryNeed[];
  unresolved: readonly { name: string; neededBy: string }[];
}

export function recommend(input: ChooseInput): Recommendation {
  const { elf, runtime } = input;
  const reasons: string[] = [];
  const none = (why: string): Recommendation => ({ variant: null, image: null, debugImage: null, chainguard: null, copy: [], copyLines: [], reasons: [...reasons, why] });
  if (elf.libc === 'musl') return none(MUSL_REASON(elf.interpreter ?? 'ld-musl'));
  if (elf.libc === 'other') return none(`interpreter ${elf.interpreter ?? '(none, yet it needs libraries)'} is neither glibc's nor musl's: no distroless image is known to run it`);
  const runtimeVariant = runtime ? variantForRuntime(runtime.name) : null;
  const system = input.libraries.filter((l) => l.placement === 'system');
  let variant: Variant;
  if (runtimeVariant && runtime) {
    variant = runtimeVariant;
    reasons.push(`${runtime.name}${runtime.version ? ` ${runtime.version}` : ''} (${runtime.recognisedBy}) → ${variant}`);
  } else {
    if (runtime) reasons.push(`${runtime.name}${runtime.version ? ` ${runtime.version}` : ''}: gcr.io/distroless has no ${runtime.name} image; the interpreter and its library tree must be copied too (or use a Chainguard ${runtime.name} image)`);
    if (elf.libc === 'static' && system.length === 0) reasons.push(`no PT_INTERP and no DT_NEEDED: a static program${elf.go ? ' (Go)' : ''} → static`);
    variant = nativeVariant(system, reasons);
    if (elf.go && variant !== 'static') reasons.push('a Go program linked against libc (cgo): with CGO_ENABLED=0 it would run on static');
  }
  const have = librariesOf(variant);
  const files = filesOf(variant, input.multiarch);
  const copy = system.filter((l) => !have.has(l.name) && !providesFile(files, l.realPath)).map(copyItem);
  if (copy.length > 0) reasons.push(`${copy.map((c) => c.library).join(', ')}: in no distroless variant → COPY ${copy.length === 1 ? 'it' : `them (${copy.length})`} from the build stage`);
  for (const u of input.unresolved) reasons.push(`${u.name} (needed by ${u.neededBy}) is not found on this system either: the program cannot start here, nothing to copy`);
  const chosen = imageFor(variant, runtime);
  if (chosen.note) reasons.push(chosen.note);
  return {
    variant,
    image: chosen.image,
    debugImage: chosen.debugImage,
    chainguard: VARIANT_SPECS[variant].chainguard,
    copy,
    copyLines: copy.map(copyLine),
    reasons,
  };
}
