/**
 * Multi-document YAML (or JSON) manifests, read with line numbers. Hostile input (alias
 * bombs, deep nesting, syntax errors) comes back as errors with a line, never a throw.
 */
import { isAlias, isMap, isSeq, LineCounter, parseAllDocuments, type Document, type Node } from 'yaml';

export type PathSeg = string | number;

export interface ManifestDoc {
  /** 0-based position in the file's document stream. */
  index: number;
  value: unknown;
  /** 1-based line and column of the key (or list item) at `path`; the nearest ancestor's when absent. */
  position(path: readonly PathSeg[]): { line: number; column: number };
}

export interface LoadedManifests {
  docs: ManifestDoc[];
  errors: { line: number; message: string }[];
}

/** Aliases beyond this many make `toJS` refuse: the billion-laughs guard. */
const MAX_ALIASES = 100;
const MAX_DOCS = 1000;

function keyOf(node: unknown): unknown {
  return (node as { value?: unknown } | null)?.value;
}

function locate(doc: Document, counter: LineCounter, path: readonly PathSeg[]): { line: number; column: number } {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (const seg of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p.key) === seg);
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else break;
  }
  const pos = counter.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export function loadManifests(text: string): LoadedManifests {
  const counter = new LineCounter();
  const errors: LoadedManifests['errors'] = [];
  const docs: ManifestDoc[] = [];
  let parsed: Document[];
  try {
    // logLevel error: the library's warnings would go to process.emitWarning (stderr); a
    // problem in the file is a finding, never noise on the terminal.
    parsed = parseAllDocuments(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: true, logLevel: 'error' }) as unknown as Document[];
  } catch (err) {
    return { docs, errors: [{ line: 1, message: `YAML could not be read: ${(err as Error).message}` }] };
  }
  if (!Array.isArray(parsed)) return { docs, errors };
  for (const [index, doc] of parsed.slice(0, MAX_DOCS).entries()) {
    if (doc.errors.length > 0) {
      for (const e of doc.errors.slice(0, 5)) {
        const first = (e.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
        errors.push({ line: e.linePos?.[0]?.line ?? 1, message: `YAML syntax: ${first}` });
      }
      continue;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (err) {
      const line = counter.linePos((doc.contents as Node | null)?.range?.[0] ?? 0).line;
      errors.push({ line, message: `document ${index + 1} could not be read: ${(err as Error).message}` });
      continue;
    }
    if (value === null || value === undefined) continue;
    docs.push({ index, value, position: (p) => locate(doc, counter, p) });
  }
  if (parsed.length > MAX_DOCS) errors.push({ line: 1, message: `more than ${MAX_DOCS} documents; the rest was not read` });
  return { docs, errors };
}
