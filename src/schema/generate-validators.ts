/**
 * Build step (`npm run build`): writes ajv standalone validators for the config schema, the
 * check-file schema and every shipped check rule into `dist/generated/`, keyed by schema
 * hash, so start-up skips ajv's compile for them (see compile-cached.ts), and each check
 * file as parsed, so start-up skips the YAML parser for unchanged ones (prebuilt-checks.ts).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { parse } from 'yaml';
import { probes } from '../../probes';
import { checkFileSchema, type CheckParam } from '../checks/check-definition';
import { writePrebuiltChecks } from '../checks/prebuilt-checks';
import { substituteParams } from '../checks/check-params';
import { buildConfigSchema } from '../config/config-schema';
import { CHECKS_DIR } from '../paths';
import { GENERATED_DIR, PROFILES, schemaKey, type Profile } from './compile-cached';

function writeProfile(profile: Profile, schemas: object[]): number {
  const ajv = new Ajv({ ...PROFILES[profile], code: { source: true } });
  const exports: Record<string, string> = {};
  for (const schema of schemas) {
    const key = schemaKey(profile, schema);
    if (exports[key]) continue;
    ajv.addSchema(schema, key);
    exports[key] = key;
  }
  writeFileSync(path.join(GENERATED_DIR, `${profile}-validators.js`), standaloneCode(ajv, exports));
  return Object.keys(exports).length;
}

/** Each shipped check file: its path under the checks dir, its text, and its parsed content. */
function shippedChecks(): { key: string; text: string; data: { rule?: object; params?: Record<string, CheckParam> } }[] {
  return readdirSync(CHECKS_DIR, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => {
      const file = path.join(e.parentPath, e.name);
      const text = readFileSync(file, 'utf8');
      return { key: path.relative(CHECKS_DIR, file), text, data: parse(text) as { rule?: object; params?: Record<string, CheckParam> } };
    });
}

/** Each shipped rule with its default parameters in place, as the loader compiles it. */
function shippedRules(): object[] {
  return shippedChecks()
    .map((c) => c.data)
    .filter((check) => check.rule && typeof check.rule === 'object')
    .map((check) => (check.params && Object.keys(check.params).length > 0 ? substituteParams(check.rule as Record<string, unknown>, check.params) : check.rule!));
}

mkdirSync(GENERATED_DIR, { recursive: true });
const config = writeProfile('config', [buildConfigSchema(probes), checkFileSchema]);
// The probes' facts schemas too: the engine holds every probe's outcome to its schema.
const factsSchemas = probes.flatMap((p) => (p.facts ? [p.facts] : []));
const rules = writeProfile('rules', [...shippedRules(), ...factsSchemas]);
writePrebuiltChecks(shippedChecks());
process.stdout.write(`generated ${config} config and ${rules} rule validators in ${path.relative(process.cwd(), GENERATED_DIR)}\n`);
