/**
 * The base probe: what does the workload really need from its base image — ELF
 * interpreter and libraries, runtime, CA bundle, zoneinfo, passwd — so which distroless
 * image can it run on, and what Dockerfile gets it there? It reads the live process when
 * there is one (/proc and its ELF files), the Dockerfile and the manifests when given, and
 * reports the recommendation, the proposed Dockerfile and the `kubectl debug` command as
 * facts. Checks in config/checks/base/ judge them.
 */
import * as path from 'node:path';
import { readInput } from './shell/read-input';
import { analyzeProcess, type ProcessAnalysis } from './base/analyze-process';
import { analyzeDockerfile, contextHas, recommendFromDockerfile, type DockerfileAnalysis } from './base/analyze-dockerfile';
import { proposeDockerfile } from './base/dockerfile/propose';
import { buildImageOfHost, owningPackage } from './base/dockerfile/host-system';
import { debugCommands, NONROOT_UID } from './base/kubernetes/debug-command';
import { chooseProcess } from './base/target-process';
import { BaseFacts } from './base/facts-schema';
import type { Probe } from './types';

interface BaseOptions {
  fdSamples: number;
  fdIntervalMs: number;
  runVersionFlag: boolean;
}

interface FileInputs {
  dockerfile?: string;
  manifests?: string[];
}

const display = (abs: string): string => path.relative(process.cwd(), abs) || abs;

async function proposal(live: ProcessAnalysis | null, docker: DockerfileAnalysis | null, rec: BaseFacts['recommended']): Promise<string | null> {
  if (!rec?.image || !rec.debugImage) return null;
  // Already shipped on distroless or scratch: the Dockerfile is the proposal's own shape.
  if ((docker?.final?.tier ?? 0) >= 4) return null;
  const exe = live?.binary?.path ?? null;
  // Without a Dockerfile, build where the process came from: this system's image and package.
  const stack = docker?.stack ?? (live?.inspection.runtime ? (docker ? 'native' : stackFromRuntime(live.inspection.runtime.name)) : 'native');
  const pkg = !docker && exe && stack === 'native' ? await owningPackage(exe) : null;
  const buildFrom = docker?.final?.from ?? buildImageOfHost() ?? 'debian:12';
  const final = docker?.final ?? null;
  const hostSteps = pkg ? [{ keyword: 'RUN', args: `apt-get update && apt-get install -y --no-install-recommends ${pkg}`, line: 0, heredocs: [] }] : null;
  return proposeDockerfile({
    stack,
    image: rec.image,
    debugImage: rec.debugImage,
    buildFrom,
    final: final ?? (hostSteps ? { ...emptyFinal(buildFrom), buildSteps: hostSteps } : null),
    context: docker ? contextHas(docker.contextDir) : { has: () => false },
    exe,
    argv: live?.inspection.argv ?? null,
    copyLines: rec.copyLines,
  });
}

function stackFromRuntime(name: string): 'node' | 'python' | 'java' | 'native' {
  return name === 'node' ? 'node' : name === 'python3' ? 'python' : name === 'java' ? 'java' : 'native';
}

function emptyFinal(from: string): NonNullable<DockerfileAnalysis['final']> {
  return { from, line: 0, tier: null, tierName: 'unknown', sizeNote: '', copies: [], installs: [], command: null, commandText: null, exposes: [], workdir: null, buildSteps: [] };
}

export const baseProbe: Probe<BaseFacts> = {
  id: 'base',
  title: 'Base image',
  facts: BaseFacts,
  // A Dockerfile or manifests are judged without the workload running; a process that did not start is an unknown, said so.
  needsLiveTarget: false,
  completeWith: 'give the workload run: (or base.pid / base.pidFile) to read what it loads, or dockerfile: to judge its image',
  workloadKeys: {
    dockerfile: { type: 'string' },
    manifests: { type: 'array', items: { type: 'string' } },
    base: {
      type: 'object',
      additionalProperties: false,
      properties: { pid: { type: 'integer', minimum: 1 }, pidFile: { type: 'string', minLength: 1 } },
      not: { required: ['pid', 'pidFile'] },
      description: 'give base.pid or base.pidFile, not both: they name the same process two ways',
    },
  },
  optionsSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      // How long /proc/<pid>/fd is watched for the files a process opens: samples × interval.
      fdSamples: { type: 'integer', minimum: 1, maximum: 100, default: 5 },
      fdIntervalMs: { type: 'integer', minimum: 10, maximum: 5000, default: 100 },
      // Run `node --version` (argv only, 2 s, 4 KiB) when nothing else names the runtime version.
      runVersionFlag: { type: 'boolean', default: true },
    },
  },

  async run(target, ctx) {
    const opts = { fdSamples: 5, fdIntervalMs: 100, runVersionFlag: true, ...(ctx.options as Partial<BaseOptions>) };
    const files = target.config as FileInputs;
    const dockerfile = files.dockerfile ? path.resolve(target.baseDir, files.dockerfile) : null;
    const manifests = (files.manifests ?? []).map((m) => path.resolve(target.baseDir, m));
    const chosen = chooseProcess(target);
    if (chosen.kind === 'none' && !dockerfile && manifests.length === 0) {
      return { facts: {}, skipped: 'nothing to look at: no process (run:, base.pid, base.pidFile), dockerfile or manifests' };
    }
    const unknowns: string[] = chosen.kind === 'unreadable' ? [chosen.reason] : [];
    const live = chosen.kind === 'process' ? await analyzeProcess(chosen.pid, chosen.source, { ...opts, signal: ctx.signal }) : null;
    const docker = dockerfile ? analyzeDockerfile(dockerfile, display(dockerfile), live?.inspection.runtime?.name ?? null, live?.binary?.go ?? false) : null;
    const recommended = live?.recommended ?? (docker?.final ? recommendFromDockerfile(docker) : null);
    if (chosen.kind === 'none') unknowns.push('no process was read: the libraries and files it needs are unknown (give it run: or base.pid to read them)');
    const facts: BaseFacts = {
      inputs: { process: chosen.kind === 'process' ? { pid: chosen.pid, source: chosen.source } : null, dockerfile: dockerfile && display(dockerfile), manifests: manifests.map(display) },
      process: live?.process ?? null,
      binary: live?.binary ?? null,
      runtime: live?.inspection.runtime ?? null,
      libraries: live?.libraries ?? null,
      files: live?.files ?? null,
      recommended,
      proposedDockerfile: await proposal(live, docker, recommended),
      dockerfile: docker?.facts ?? null,
      debug: manifests.length > 0 ? manifests.flatMap(debugFor) : null,
      unknowns: [...unknowns, ...(live?.unknowns ?? [])],
    };
    ctx.logger.debug({ variant: recommended?.variant ?? null, copy: recommended?.copyCount ?? null, pid: facts.inputs.process?.pid ?? null }, 'base image needs analysed');
    return { facts };
  },
};

/** The pod's own securityContext decides the uid; without one, distroless nonroot (65532) is what runs. */
function debugFor(file: string): NonNullable<BaseFacts['debug']> {
  const read = readInput(file);
  return read.ok ? debugCommands(read.text, NONROOT_UID) : [];
}
