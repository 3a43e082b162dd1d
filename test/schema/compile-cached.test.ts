/**
 * Prebuilt validators (dist/generated, written by `npm run build`) must judge exactly as a
 * fresh ajv compile does, and anything not prebuilt must still be compiled.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { probes } from '../../probes';
import { checkFileSchema } from '../../src/checks/check-definition';
import { buildConfigSchema } from '../../src/config/config-schema';
import { compileCached, GENERATED_DIR, PROFILES, schemaKey } from '../../src/schema/compile-cached';

const prebuilt = path.join(GENERATED_DIR, 'config-validators.js');

const configs = [
  'workloads:\n  - name: a\n    url: http://x\n    helth: {}\n',
  'sweep: { interval: 10 }\nserver: { port: 99999 }\n',
  'workloads:\n  - name: a\n    run: { command: [node, x.js], port: 9000 }\n    health: { liveness: /livez }\n',
  'api: { allowTargets: [10.0.0.0/8], token: t }\nprobes: { health: { requestTimeoutMs: 2000 } }\n',
  '{}\n',
].map((y) => parse(y) as object);

describe('compileCached', () => {
  const schema = buildConfigSchema(probes);

  (existsSync(prebuilt) ? it : it.skip)('serves the config schema from the build output', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const generated = require(prebuilt) as Record<string, unknown>;
    expect(compileCached('config', schema)).toBe(generated[schemaKey('config', schema)]);
    expect(compileCached('config', checkFileSchema)).toBe(generated[schemaKey('config', checkFileSchema)]);
  });

  it.each(configs.map((c, i) => [i, c] as const))('judges config %i as a fresh compile does, defaults included', (_i, data) => {
    const fresh = new Ajv(PROFILES.config).compile(schema);
    const a = structuredClone(data);
    const b = structuredClone(data);
    const cached = compileCached('config', schema);
    expect(cached(a)).toBe(fresh(b));
    expect(a).toEqual(b);
    expect((cached.errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword])).toEqual((fresh.errors ?? []).map((e) => [e.instancePath, e.schemaPath, e.keyword]));
  });

  it('compiles a schema that was not prebuilt', () => {
    const validate = compileCached('rules', { properties: { edited: { const: true } } });
    expect([validate({ edited: true }), validate({ edited: false })]).toEqual([true, false]);
  });
});
