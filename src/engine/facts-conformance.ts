/**
 * Holds what a probe returns to the facts schema it declares. A mismatch is a bug in the
 * probe, not in the workload: it is logged where it happens, and under test it fails the
 * probe, so every probe test also tests its schema.
 */
import type { Facts, Probe } from '../../probes/types';
import { compileCached, type Validator } from '../schema/compile-cached';

const validators = new WeakMap<object, Validator>();

/** `null` when the facts conform (or the probe declares no schema), else what is wrong. */
export function factsProblem(probe: Probe, facts: Facts): string | null {
  if (!probe.facts) return null;
  let validate = validators.get(probe.facts);
  if (!validate) {
    validate = compileCached('rules', probe.facts);
    validators.set(probe.facts, validate);
  }
  if (validate(facts)) return null;
  return (validate.errors ?? [])
    .slice(0, 3)
    .map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
    .join('; ');
}
