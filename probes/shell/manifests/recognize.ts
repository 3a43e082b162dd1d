/**
 * Whether a YAML file is something the shell audit understands, and if not, the one thing
 * to say about it: an unrendered Helm template, a Kustomization, YAML that is neither
 * Kubernetes nor Compose, or a syntax error (the first one, with how many more). One
 * finding per file, never one per broken line: a template has dozens.
 */
import * as path from 'node:path';
import type { LoadedManifests } from './load';

export interface Problem {
  line: number;
  text: string;
}

const TEMPLATE = /\{\{[\s\S]{0,200}?\}\}/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

function topKeys(docs: LoadedManifests['docs']): string {
  const keys = [...new Set(docs.flatMap((d) => (isObject(d.value) ? Object.keys(d.value) : [])))].slice(0, 6);
  return keys.length > 0 ? `top-level keys: ${keys.join(', ')}` : 'no mapping at the top';
}

export function recognize(file: string, text: string, loaded: LoadedManifests): Problem | null {
  const template = TEMPLATE.test(text);
  const first = loaded.errors[0];
  if (first && template) {
    return { line: first.line, text: 'an unrendered template ({{ }}): it is not YAML until rendered; render it (helm template CHART, or your tool) and lint the output' };
  }
  if (first) {
    const more = loaded.errors.length > 1 ? ` (and ${loaded.errors.length - 1} more problem(s))` : '';
    return { line: first.line, text: `${first.message}${more}: the file was read only as far as it parses` };
  }
  const objects = loaded.docs.map((d) => d.value).filter(isObject);
  const kinds = objects.filter((o) => typeof o.kind === 'string' && typeof o.apiVersion === 'string').map((o) => o.kind as string);
  if (kinds.includes('Kustomization') || /^kustomization\.ya?ml$/i.test(path.basename(file))) {
    return { line: 1, text: 'a Kustomization: it names other files; render it (kubectl kustomize DIR) and lint the output' };
  }
  if (loaded.docs.length === 0) return { line: 1, text: 'no YAML document: nothing to judge' };
  if (kinds.length === 0) {
    return { line: 1, text: `neither a Kubernetes manifest (no apiVersion and kind) nor a Compose file (no services): nothing was judged (${topKeys(loaded.docs)})` };
  }
  if (template) {
    return { line: 1, text: 'contains {{ }} template expressions: values were read as written; lint the rendered output for a true reading' };
  }
  return null;
}
