/**
 * Image references for a variant: the gcr.io/distroless Debian 12 tag (`:nonroot`, and
 * `:debug-nonroot` for incident response), with the runtime's major when it has one.
 */
import type { RuntimeFacts } from '../proc/runtime';
import { VARIANT_SPECS, type Variant } from './variants';

export const DISTROLESS_REGISTRY = 'gcr.io/distroless';
export const DISTRO = 'debian12';

export interface ImageChoice {
  image: string;
  debugImage: string;
  /** Why the tag is not simply the version the process runs, when it is not. */
  note: string | null;
}

function major(runtime: RuntimeFacts | null, variant: Variant): string | null {
  const v = runtime?.version;
  if (!v) return null;
  // Python images are named by minor (3.11); Node and Java by major.
  return variant === 'python3' ? (/^(\d+\.\d+)/.exec(v)?.[1] ?? null) : (/^(\d+)/.exec(v)?.[1] ?? null);
}

export function imageFor(variant: Variant, runtime: RuntimeFacts | null): ImageChoice {
  const spec = VARIANT_SPECS[variant];
  const ref = (name: string, tag: string): string => `${DISTROLESS_REGISTRY}/${name}-${DISTRO}:${tag}`;
  if (!spec.majors) return { image: ref(spec.name, 'nonroot'), debugImage: ref(spec.name, 'debug-nonroot'), note: null };
  const runs = major(runtime, variant);
  const newest = spec.majors[spec.majors.length - 1]!;
  let pick = runs && spec.majors.includes(runs) ? runs : null;
  let note: string | null = null;
  if (!pick) {
    // The closest newer major the project publishes, else the newest: an upgrade, said out loud.
    pick = (runs && spec.majors.find((m) => Number.parseFloat(m) >= Number.parseFloat(runs))) || newest;
    note = runs
      ? `this process runs ${spec.runtime} ${runtime?.version}; ${DISTROLESS_REGISTRY} publishes ${spec.majors.join(', ')} on ${DISTRO}: ${pick} is the nearest, test on it`
      : `the ${spec.runtime} version could not be read; ${pick} is the newest on ${DISTRO}: use the one you run`;
  }
  const name = spec.name.replace('{major}', variant === 'python3' ? '' : pick);
  return { image: ref(name, 'nonroot'), debugImage: ref(name, 'debug-nonroot'), note };
}
