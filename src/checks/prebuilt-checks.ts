/**
 * Check files as the build read them: `npm run build` writes each shipped check file's
 * parsed YAML, keyed by its path and the hash of its text, to `dist/generated/`. Loading
 * checks then skips the YAML parser (a third of a `check`'s start-up) for every file whose
 * text is unchanged; an edited or added file is parsed as before, with the same errors.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { GENERATED_DIR } from '../schema/compile-cached';

const FILE = path.join(GENERATED_DIR, 'check-files.json');

type Prebuilt = Record<string, { sha: string; data: unknown }>;

let loaded: Prebuilt | null | undefined;

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The parsed content of `text` (the file at `key`) as the build saw it, or `undefined` when it changed since. */
export function prebuiltCheck(key: string, text: string): Record<string, unknown> | undefined {
  if (loaded === undefined) {
    try {
      loaded = existsSync(FILE) ? (JSON.parse(readFileSync(FILE, 'utf8')) as Prebuilt) : null;
    } catch {
      loaded = null;
    }
  }
  const entry = loaded?.[key];
  // A copy: validation fills in defaults.
  return entry && entry.sha === hashOf(text) ? (structuredClone(entry.data) as Record<string, unknown>) : undefined;
}

/** For the build: records each file's parsed content under its key. */
export function writePrebuiltChecks(files: { key: string; text: string; data: unknown }[]): void {
  const out: Prebuilt = {};
  for (const f of files) out[f.key] = { sha: hashOf(f.text), data: f.data };
  writeFileSync(FILE, JSON.stringify(out));
}
