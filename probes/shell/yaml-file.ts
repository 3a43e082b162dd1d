/**
 * One YAML (or JSON) file of the workload: Kubernetes manifests or a Compose file, told
 * apart by content (a Compose file has `services` and no `kind`), read once.
 */
import { analyzeComposeDoc, isComposeDoc } from './compose/analyze';
import type { Finding } from './findings';
import { analyzeLoaded } from './manifests/analyze';
import { loadManifests } from './manifests/load';
import type { KnownEndpoints } from './manifests/proposals';
import { recognize } from './manifests/recognize';

export interface YamlFileAnalysis {
  findings: Finding[];
  podSpecs: number;
  containers: number;
  objects: string[];
  /** Compose services read; 0 for Kubernetes manifests. */
  services: number;
}

/** The shell parser must be loaded (`analyzeStatic` does that). */
export function analyzeYamlFile(file: string, text: string, known: KnownEndpoints | null): YamlFileAnalysis {
  const loaded = loadManifests(text);
  const compose = loaded.docs.filter((d) => isComposeDoc(d.value));
  if (compose.length === 0) return { ...analyzeLoaded(file, text, loaded, known), services: 0 };
  const findings: Finding[] = [];
  // Only syntax problems are worth a word here: recognize() would call Compose "neither".
  const problem = loaded.errors.length > 0 ? recognize(file, text, loaded) : null;
  if (problem) findings.push({ kind: 'unreadable', file, line: problem.line, text: problem.text });
  let services = 0;
  for (const doc of compose) {
    const c = analyzeComposeDoc(file, doc);
    findings.push(...c.findings);
    services += c.services;
  }
  return { findings, podSpecs: 0, containers: 0, objects: [], services };
}
