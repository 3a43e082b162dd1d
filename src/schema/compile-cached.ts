/**
 * JSON Schema validators, compiled once at build time where possible. ajv's compile step
 * costs milliseconds per schema, and `check` compiles the config schema and every check
 * rule it runs: a hundred milliseconds of start-up before the first probe. `npm run build`
 * writes standalone validators for the shipped schemas into `dist/generated/`; here a schema
 * whose hash is found there uses that code, and any other (an edited check, a stale build)
 * is compiled as before. Validation behaves the same either way.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type Ajv from 'ajv';
import type { ErrorObject, Options } from 'ajv';
import { PACKAGE_ROOT } from '../paths';

/** A validator as ajv returns it: call it, then read `errors`. */
export interface Validator {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

/**
 * Each profile is one set of ajv options. `config` fills defaults (config and check files);
 * `rules` only judges facts.
 */
export const PROFILES = {
  config: { allErrors: true, useDefaults: true, strict: false },
  rules: { allErrors: true, strict: false },
} satisfies Record<string, Options>;

export type Profile = keyof typeof PROFILES;

export const GENERATED_DIR = path.join(PACKAGE_ROOT, 'dist', 'generated');

/** The key of a schema under a profile: stable across runs and machines. */
export function schemaKey(profile: Profile, schema: object): string {
  return `v_${createHash('sha256').update(profile).update('\0').update(JSON.stringify(schema)).digest('hex').slice(0, 24)}`;
}

const generated = new Map<Profile, Record<string, Validator> | null>();
const runtime = new Map<Profile, Ajv>();

function generatedFor(profile: Profile): Record<string, Validator> | null {
  if (!generated.has(profile)) {
    const file = path.join(GENERATED_DIR, `${profile}-validators.js`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional build output
    generated.set(profile, existsSync(file) ? (require(file) as Record<string, Validator>) : null);
  }
  return generated.get(profile)!;
}

export function compileCached(profile: Profile, schema: object): Validator {
  const prebuilt = generatedFor(profile)?.[schemaKey(profile, schema)];
  if (prebuilt) return prebuilt;
  let ajv = runtime.get(profile);
  if (!ajv) {
    // Loaded only when something was not prebuilt: ajv itself takes ~20 ms to require.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const AjvClass = (require('ajv') as { default: typeof Ajv }).default;
    ajv = new AjvClass(PROFILES[profile]);
    runtime.set(profile, ajv);
  }
  return ajv.compile(schema) as Validator;
}

/**
 * The schema object at an error's `schemaPath`, minus its last keyword: the parent that
 * holds `properties`, `pattern`, … (what ajv's `verbose` option would have attached).
 */
export function parentSchemaOf(root: object, schemaPath: string): Record<string, unknown> | undefined {
  const parts = schemaPath.replace(/^#\/?/, '').split('/').filter(Boolean).slice(0, -1);
  let node: unknown = root;
  for (const part of parts) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node && typeof node === 'object' ? (node as Record<string, unknown>) : undefined;
}
