/**
 * What the final stage of a Dockerfile is built on — placed on the source article's five
 * tiers with their size — and what it puts in the image: COPY/ADD sources, packages
 * installed by RUN, the command it runs. Read with the shell audit's Dockerfile reader.
 */
import { plainCommand } from '../../shell/commands';
import { classifyImage, type TierName } from '../../shell/dockerfile/image-tier';
import { execForm, parseDockerfile, splitFlags, type Instruction } from '../../shell/dockerfile/parse';
import { buildStages, finalChain } from '../../shell/dockerfile/stages';

/** Unpacked sizes per tier, from the article (seed/000_3e046fd212e920bd.txt, "The Spectrum"). */
export const TIER_SIZES: Record<Exclude<TierName, 'unknown'>, string> = {
  'full-os': 'full OS, 200+ MB unpacked (ubuntu:22.04 ~77 MB compressed), ~400 packages',
  slim: 'slim, 50-150 MB unpacked',
  alpine: 'Alpine (musl, still a shell and apk), 5-30 MB unpacked',
  distroless: 'distroless, 15-50 MB unpacked, no shell or package manager',
  scratch: 'scratch, 1-10 MB: only what is copied in',
};

const INSTALLERS: { manager: string; pattern: RegExp }[] = [
  { manager: 'apt', pattern: /\bapt(?:-get)?\s+(?:-\S+\s+)*install\s+([^;&|]+)/g },
  { manager: 'apk', pattern: /\bapk\s+(?:-\S+\s+)*add\s+([^;&|]+)/g },
  { manager: 'dnf', pattern: /\b(?:yum|dnf|microdnf)\s+(?:-\S+\s+)*install\s+([^;&|]+)/g },
  { manager: 'pip', pattern: /\bpip3?\s+install\s+([^;&|]+)/g },
  { manager: 'npm', pattern: /\bnpm\s+(?:ci|install)\b([^;&|]*)/g },
];

export interface FinalStage {
  from: string;
  line: number;
  tier: number | null;
  tierName: TierName;
  sizeNote: string;
  /** COPY/ADD of the final image: `line`, where from (a stage, an image or the context), what. */
  copies: { line: number; from: string; sources: string[]; dest: string }[];
  installs: { line: number; manager: string; packages: string[] }[];
  /** The argv it runs, when it can be read as one (exec form, or plain shell-form words). */
  command: string[] | null;
  /** The command as written, for the proposal's comment when it cannot be read as argv. */
  commandText: string | null;
  exposes: string[];
  workdir: string | null;
  /** The build instructions of the final chain (what the build stage of a proposal repeats). */
  buildSteps: Instruction[];
}

/** Packages named by one installer in one RUN; `null` when the installer is not used there. */
function packagesOf(script: string, pattern: RegExp): string[] | null {
  const matches = [...script.matchAll(pattern)];
  if (matches.length === 0) return null;
  const words = matches.flatMap((m) => m[1]!.trim().split(/\s+/));
  return words.filter((w) => w && !w.startsWith('-') && !w.includes('$')).slice(0, 100);
}

function commandOf(instructions: Instruction[]): { argv: string[] | null; text: string | null } {
  const find = (k: string): Instruction | undefined => [...instructions].reverse().find((i) => i.keyword === k);
  const entry = find('ENTRYPOINT');
  const cmd = find('CMD');
  const argv = (ins: Instruction | undefined): string[] | null => (ins ? (execForm(ins.args) ?? plainCommand(ins.args)) : null);
  const text = [entry?.args, cmd?.args].filter(Boolean).join(' ') || null;
  if (entry) {
    const e = argv(entry);
    const c = cmd ? argv(cmd) : [];
    return { argv: e && c ? [...e, ...c] : null, text };
  }
  return { argv: argv(cmd), text };
}

/** `null` when the file has no FROM: there is no image to judge. */
export function finalStage(text: string): FinalStage | null {
  const parsed = parseDockerfile(text);
  const stages = buildStages(parsed.instructions);
  const chain = finalChain(stages);
  const last = chain[chain.length - 1];
  if (!last) return null;
  const root = chain[0]!;
  const base = classifyImage(root.from);
  const instructions = chain.flatMap((s) => s.instructions);
  const copies = instructions
    .filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD')
    .map((i) => {
      const { flags, rest } = splitFlags(i.args);
      const words = execForm(rest) ?? rest.split(/\s+/).filter(Boolean);
      return { line: i.line, from: flags.from ?? 'context', sources: words.slice(0, -1), dest: words[words.length - 1] ?? '' };
    });
  const installs: FinalStage['installs'] = [];
  for (const i of instructions.filter((x) => x.keyword === 'RUN')) {
    const script = [i.args, ...i.heredocs.map((h) => h.body)].join('\n');
    for (const x of INSTALLERS) {
      const packages = packagesOf(script, x.pattern);
      if (packages) installs.push({ line: i.line, manager: x.manager, packages });
    }
  }
  const command = commandOf(instructions);
  const workdirs = instructions.filter((i) => i.keyword === 'WORKDIR');
  return {
    from: root.from,
    line: root.line,
    tier: base.tier,
    tierName: base.tierName,
    sizeNote: base.tierName === 'unknown' ? `${root.from}: not a known base, size unknown` : TIER_SIZES[base.tierName],
    copies,
    installs,
    command: command.argv,
    commandText: command.text,
    exposes: instructions.filter((i) => i.keyword === 'EXPOSE').flatMap((i) => i.args.split(/\s+/).filter(Boolean)),
    workdir: workdirs.length > 0 ? workdirs[workdirs.length - 1]!.args : null,
    buildSteps: instructions.filter((i) => ['RUN', 'COPY', 'ADD', 'WORKDIR', 'ENV', 'ARG'].includes(i.keyword)),
  };
}
