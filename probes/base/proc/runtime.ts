/**
 * Which language runtime a process is, and which version, from what it already shows:
 * the executable's name, the libraries it mapped (an embedded libpython, libjvm,
 * libcoreclr) and their paths (`/usr/lib/python3.11/`, `Microsoft.NETCore.App/8.0.1/`),
 * a JDK's `release` file. Only when none of that names a version does it run the same
 * executable with its version flag: argv only, no shell, an empty environment, 2 s and
 * 4 KiB at most.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { readProcText } from './proc-read';

export const RUNTIMES = ['node', 'python3', 'java', 'ruby', 'php', 'dotnet'] as const;
export type RuntimeName = (typeof RUNTIMES)[number];

export const VERSION_SOURCES = ['executable name', 'mapped library path', 'release file', 'version flag'] as const;
export type VersionSource = (typeof VERSION_SOURCES)[number];

export interface RuntimeFacts {
  name: RuntimeName;
  version: string | null;
  versionSource: VersionSource | null;
  /** What told us which runtime it is, for the evidence. */
  recognisedBy: string;
}

interface RuntimeRule {
  name: RuntimeName;
  exe: RegExp;
  lib: RegExp;
  /** A version in the executable's name or a mapped path. */
  versionInPath: RegExp | null;
  flag: string | null;
  flagOutput: RegExp;
}

// Node's ABI number in Debian's libnode.so.N, to its major version (nodejs.org/en/download/releases).
const NODE_ABI: Record<string, string> = { '93': '16', '108': '18', '115': '20', '127': '22', '137': '24' };

const RULES: readonly RuntimeRule[] = [
  { name: 'node', exe: /^(node|nodejs)$/, lib: /\/libnode\.so\.(\d+)$/, versionInPath: null, flag: '--version', flagOutput: /^v(\d+\.\d+\.\d+)/ },
  { name: 'python3', exe: /^python3(\.\d+)?$/, lib: /\/libpython3\.\d+\.so/, versionInPath: /python(3\.\d+)/, flag: '--version', flagOutput: /Python (3\.\d+\.\d+)/ },
  { name: 'java', exe: /^java$/, lib: /\/libjvm\.so$/, versionInPath: /\/(?:java|jdk|jre|temurin)-?(\d+)[-./]/, flag: null, flagOutput: /version "([\d._]+)"/ },
  { name: 'ruby', exe: /^ruby(\d\.\d)?$/, lib: /\/libruby[-.]/, versionInPath: /ruby[-/]?(\d\.\d+)/, flag: '--version', flagOutput: /ruby (\d+\.\d+\.\d+)/ },
  { name: 'php', exe: /^php(-fpm|-cgi)?(\d\.\d)?$/, lib: /\/libphp/, versionInPath: /php[-/]?(\d\.\d+)/, flag: '--version', flagOutput: /PHP (\d+\.\d+\.\d+)/ },
  { name: 'dotnet', exe: /^dotnet$/, lib: /\/libcoreclr\.so$/, versionInPath: /Microsoft\.NETCore\.App\/(\d+\.\d+\.\d+)\//, flag: null, flagOutput: /$^/ },
];

function fromPaths(rule: RuntimeRule, exe: string, code: readonly string[]): { version: string; source: VersionSource } | null {
  if (rule.name === 'node') {
    for (const lib of code) {
      const abi = rule.lib.exec(lib)?.[1];
      if (abi && NODE_ABI[abi]) return { version: NODE_ABI[abi]!, source: 'mapped library path' };
    }
    return null;
  }
  if (!rule.versionInPath) return null;
  const inExe = rule.versionInPath.exec(path.basename(exe));
  if (inExe) return { version: inExe[1]!, source: 'executable name' };
  for (const lib of code) {
    const m = rule.versionInPath.exec(lib);
    if (m) return { version: m[1]!, source: 'mapped library path' };
  }
  return null;
}

/** A JDK names its exact version in `<java.home>/release` (JAVA_VERSION="17.0.15"). */
function javaRelease(code: readonly string[]): string | null {
  const jvm = code.find((l) => /\/libjvm\.so$/.test(l));
  if (!jvm) return null;
  // <home>/lib/server/libjvm.so
  const home = path.dirname(path.dirname(path.dirname(jvm)));
  const read = readProcText(path.join(home, 'release'), 16 * 1024);
  return read.ok ? (/^JAVA_VERSION="([^"]+)"/m.exec(read.value.text)?.[1] ?? null) : null;
}

export function recogniseRuntime(exe: string, code: readonly string[]): { rule: RuntimeRule; by: string } | null {
  const base = path.basename(exe);
  for (const rule of RULES) if (rule.exe.test(base)) return { rule, by: `executable ${exe}` };
  for (const rule of RULES) {
    const lib = code.find((l) => rule.lib.test(l));
    if (lib) return { rule, by: `mapped ${lib}` };
  }
  return null;
}

function runVersionFlag(exe: string, rule: RuntimeRule): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(exe, [rule.flag!], { timeout: 2000, maxBuffer: 4096, env: {}, shell: false, windowsHide: true }, (err, stdout, stderr) => {
      if (err && !stdout && !stderr) return resolve(null);
      resolve(rule.flagOutput.exec(`${stdout}\n${stderr}`)?.[1] ?? null);
    });
  });
}

export async function runtimeOf(exe: string, code: readonly string[], opts: { runVersionFlag: boolean }): Promise<RuntimeFacts | null> {
  const found = recogniseRuntime(exe, code);
  if (!found) return null;
  const { rule, by } = found;
  const facts: RuntimeFacts = { name: rule.name, version: null, versionSource: null, recognisedBy: by };
  if (rule.name === 'java') {
    const release = javaRelease(code);
    if (release) return { ...facts, version: release, versionSource: 'release file' };
  }
  const fromPath = fromPaths(rule, exe, code);
  if (fromPath) return { ...facts, version: fromPath.version, versionSource: fromPath.source };
  // Only the executable that was recognised by name is run: a library match says nothing about its flags.
  if (opts.runVersionFlag && rule.flag && rule.exe.test(path.basename(exe)) && path.isAbsolute(exe)) {
    const version = await runVersionFlag(exe, rule);
    if (version) return { ...facts, version, versionSource: 'version flag' };
  }
  return facts;
}
