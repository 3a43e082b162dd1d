/**
 * Whether the program an image runs is a shell script without a `.sh` name: finds the
 * `COPY`/`ADD` that put it there and reads its first line, from a heredoc or from the
 * build context (the Dockerfile's directory). Reads at most a few hundred bytes.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { basename, SHELLS } from '../commands';
import { execForm, splitFlags } from './parse';
import type { Stage } from './stages';

function firstLine(file: string): string | null {
  let fd: number | null = null;
  try {
    if (!statSync(file).isFile()) return null;
    fd = openSync(file, 'r');
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return buf.subarray(0, n).toString('utf8').split('\n')[0] ?? null;
  } catch {
    return null;
  } finally {
    if (fd !== null) closeSync(fd);
  }
}

/** `#!/bin/sh`, `#!/usr/bin/env bash` → the line; any other first line → null. */
export function shellShebang(line: string | null): string | null {
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(line ?? '');
  if (!m) return null;
  const program = basename(m[1]!) === 'env' ? basename(m[2] ?? '') : basename(m[1]!);
  return SHELLS.has(program) ? line!.trim() : null;
}

function insideContext(contextDir: string, rel: string): string | null {
  const full = path.resolve(contextDir, rel);
  return full === contextDir || full.startsWith(contextDir + path.sep) ? full : null;
}

/** The shebang of `program` when a COPY in the final image put a shell script there. */
export function scriptShebang(program: string, chain: Stage[], contextDir: string | null): string | null {
  const name = basename(program);
  if (!name) return null;
  const copies = chain.flatMap((s) => s.instructions).filter((i) => i.keyword === 'COPY' || i.keyword === 'ADD').reverse();
  for (const ins of copies) {
    const { flags, rest } = splitFlags(ins.args);
    const parts = execForm(rest) ?? rest.split(/\s+/).filter(Boolean);
    if (parts.length < 2) continue;
    const dest = parts[parts.length - 1]!;
    const sources = parts.slice(0, -1);
    for (const src of sources) {
      const target = dest.endsWith('/') || sources.length > 1 ? `${dest}/${basename(src)}` : dest;
      const heredoc = /^<<-?["']?(\w+)/.exec(src);
      if (heredoc) {
        const body = ins.heredocs.find((h) => h.name === heredoc[1]);
        if (body && basename(target) === name) return shellShebang(body.body.split('\n')[0] ?? null);
        continue;
      }
      if (flags.from || !contextDir) continue;
      // `COPY entrypoint /usr/local/bin/` or `COPY . /app` with the script inside.
      const candidates = basename(target) === name ? [src] : [path.join(src, name)];
      for (const c of candidates) {
        const file = insideContext(contextDir, c);
        const shebang = file ? shellShebang(firstLine(file)) : null;
        if (shebang) return shebang;
      }
    }
  }
  return null;
}
