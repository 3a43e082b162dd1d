/**
 * `distroready check --format F --out FILE`, in-process against a local workload on port
 * 0: every report format lands in its file (stdout stays empty), and an unwritable --out
 * is a clear error rather than a crash.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { checkCommand } from '../../src/commands/check';
import { httpServer, json, type TestServer } from '../support/servers';

let workload: TestServer;
let dir: string;
let config: string;
let stderr: jest.SpyInstance;
let stdout: jest.SpyInstance;

beforeAll(async () => {
  workload = await httpServer({ '/livez': json(200, { status: 'ok' }), '/readyz': json(200, { status: 'ready' }) });
  dir = mkdtempSync(path.join(tmpdir(), 'distroready-formats-'));
  config = path.join(dir, 'distroready.yaml');
  writeFileSync(config, 'otlp: { enabled: false }\nsweep: { timeout: 5s }\nworkloads: []\n');
});

beforeEach(() => {
  stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
});

afterEach(() => jest.restoreAllMocks());
afterAll(() => workload.close());

it.each([
  ['html', /^<!doctype html>[\s\S]*<span class="badge v-(ready|caveats|not-ready)">/],
  ['md', /^# distroready — distroless readiness report\n[\s\S]*## Migration plan/],
  ['junit', /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="distroready" tests="\d+"/],
  ['sarif', /^\{\n {2}"\$schema": "https:\/\/json\.schemastore\.org\/sarif-2\.1\.0\.json",\n {2}"version": "2\.1\.0"/],
])('--format %s --out FILE writes the report to the file', async (format, shape) => {
  const out = path.join(dir, `report.${format}`);
  const code = await checkCommand({ config, target: [workload.url], probes: 'health', format, out });
  expect(code).toBe(0);
  expect(readFileSync(out, 'utf8')).toMatch(shape);
  expect(stdout).not.toHaveBeenCalled();
  expect(stderr).toHaveBeenCalledWith(`distroready: wrote the ${format} report to ${out}\n`);
});

it('names the file when --out cannot be written', async () => {
  const out = path.join(dir, 'missing-dir', 'report.html');
  await expect(checkCommand({ config, target: [workload.url], probes: 'health', format: 'html', out })).rejects.toThrow(
    `--out: cannot write the report to "${out}"`,
  );
});

it('refuses an unknown format before probing anything', async () => {
  await expect(checkCommand({ config, target: [workload.url], format: 'pdf' })).rejects.toThrow('--format: "pdf" is not one of text, json, html, md, junit, sarif');
});
