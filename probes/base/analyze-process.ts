/**
 * From one live process to the facts the checks judge: read it (/proc and its ELF), walk
 * the libraries the loader would load plus those it mapped since, place each, pick the
 * variant and the files it lacks. Every part that could not be read is `null` with the
 * reason in `unknowns`.
 */
import { realpathSync } from 'node:fs';
import type { Static } from '@sinclair/typebox';
import type { BinaryFacts, FilesFacts, LibrariesFacts, ProcessFacts, RecommendedFacts } from './facts-schema';
import { machineById } from './elf/machines';
import { neededClosure } from './libs/closure';
import { readLdCache, type LdCache } from './libs/ld-cache';
import { inspectProcess, type InspectOptions, type ProcessInspection } from './proc/inspect-process';
import { readProcText } from './proc/proc-read';
import { recommend, type Recommendation } from './recommend/choose';
import { missingFiles, watchedFiles } from './recommend/file-needs';
import { libraryNeeds, type LibraryNeed } from './recommend/needs';
import { chainOf, filesOf, variantForRuntime, type Variant } from './recommend/variants';

export interface ProcessAnalysis {
  inspection: ProcessInspection;
  process: Static<typeof ProcessFacts>;
  binary: Static<typeof BinaryFacts> | null;
  libraries: Static<typeof LibrariesFacts> | null;
  files: Static<typeof FilesFacts> | null;
  recommended: Static<typeof RecommendedFacts> | null;
  unknowns: string[];
}

let cachedLd: { cache: LdCache | null; at: number } | null = null;
/** ld.so.cache changes only when packages do; re-read it at most once a minute. */
function ldCache(): LdCache | null {
  if (cachedLd && Date.now() - cachedLd.at < 60_000) return cachedLd.cache;
  const read = readLdCache();
  cachedLd = { cache: read.ok ? read.value : null, at: Date.now() };
  return cachedLd.cache;
}

function userName(uid: number | null): string | null {
  if (uid === null) return null;
  const read = readProcText('/etc/passwd', 1024 * 1024);
  if (!read.ok) return null;
  return read.value.text.split('\n').map((l) => l.split(':')).find((f) => f[2] === String(uid))?.[0] ?? null;
}

function providedBy(l: LibraryNeed, variant: Variant | null): Variant | null {
  if (!variant || l.placement !== 'system') return null;
  return chainOf(variant).reverse().find((s) => s.libraries.includes(l.name))?.id ?? null;
}

export function toRecommended(r: Recommendation, basis: 'process' | 'dockerfile'): Static<typeof RecommendedFacts> {
  return { ...r, copyCount: r.copy.length, copyPatch: r.copyLines.length > 0 ? r.copyLines.join('\n') : null, basis };
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

export async function analyzeProcess(pid: number, source: Static<typeof ProcessFacts>['source'], opts: InspectOptions): Promise<ProcessAnalysis> {
  const insp = await inspectProcess(pid, opts);
  const unknowns = [...insp.errors];
  const process = {
    pid, source, exe: insp.exe, exeDeleted: insp.exeDeleted, uid: insp.uid, tz: insp.env?.TZ ?? null,
    ldLibraryPath: insp.env?.LD_LIBRARY_PATH ?? null, mappedCode: insp.mapped?.code.length ?? null,
    mappedData: insp.mapped?.data.length ?? null, bytesRead: insp.bytesRead, errors: insp.errors,
  };
  const empty = { inspection: insp, process, binary: null, libraries: null, files: null, recommended: null, unknowns };
  if (!insp.elf || !insp.exe) {
    unknowns.push('the executable could not be read: its libraries and the image it needs are unknown (run distroready as the same user as the workload, or as root)');
    return empty;
  }
  const elf = insp.elf;
  const exePath = realOrSelf(insp.exe);
  const machine = machineById(elf.machineId, elf.bits);
  const ctx = {
    bits: elf.bits, machineId: elf.machineId, cache: ldCache(), exePath, exeRpath: elf.rpath,
    ldLibraryPath: (insp.env?.LD_LIBRARY_PATH ?? '').split(':').filter((d) => d.startsWith('/')),
  };
  const closure = neededClosure(exePath, elf, ctx);
  if (!insp.mapped) unknowns.push('/proc maps could not be read: libraries loaded with dlopen are not counted');
  const runtimeImage = insp.runtime ? variantForRuntime(insp.runtime.name) !== null : false;
  const needs = libraryNeeds({ exePath, elf, closure, mappedCode: insp.mapped?.code ?? [], runtimeImage });
  const rec = recommend({ elf, multiarch: machine?.multiarch ?? 'x86_64-linux-gnu', runtime: insp.runtime, libraries: needs, unresolved: closure.unresolved });
  if (!machine) rec.reasons.push(`${elf.machine}: no distroless image is published for this architecture`);
  const seenFiles = [...insp.openFiles.files, ...(insp.mapped?.data ?? [])];
  const missing = rec.variant
    ? missingFiles({ files: seenFiles, tz: insp.env?.TZ ?? null, uid: insp.uid, userName: userName(insp.uid), own: [exePath, insp.exe] }, filesOf(rec.variant, machine?.multiarch ?? 'x86_64-linux-gnu'))
    : [];
  return {
    inspection: insp,
    process,
    binary: { path: insp.exe, bits: elf.bits, machine: elf.machine, type: elf.type, interpreter: elf.interpreter, libc: elf.libc, needed: elf.needed, runpath: elf.runpath, rpath: elf.rpath, go: elf.go, bytesRead: elf.bytesRead },
    libraries: {
      list: needs.map((l) => ({ ...l, via: closure.libraries.find((c) => c.path === l.path)?.via ?? null, providedBy: providedBy(l, rec.variant) })),
      unresolved: closure.unresolved,
      errors: closure.errors,
      truncated: closure.truncated,
      bytesRead: closure.bytesRead,
    },
    files: {
      watched: watchedFiles(seenFiles),
      samples: insp.openFiles.samples,
      windowMs: insp.openFiles.windowMs,
      missing,
      missingCount: missing.length,
      evidence: [
        ...missing.map((m) => `${m.path}: ${m.why}`),
        `${insp.openFiles.samples} sample(s) of /proc/${pid}/fd over ${insp.openFiles.windowMs} ms and ${insp.mapped?.data.length ?? 0} mapped data file(s): a file opened and closed between samples is not seen`,
      ],
    },
    recommended: toRecommended(rec, 'process'),
    unknowns,
  };
}
