/**
 * What the loader will need to run one ELF file: its class and machine, its interpreter
 * (PT_INTERP: glibc's ld-linux, musl's ld-musl, or none for a static program) and its
 * dynamic section. Bounded by a per-file byte budget; a truncated or malformed file is an
 * error value with the reason, never an exception.
 */
import { DEFAULT_FILE_BUDGET, openBounded } from './bounded-file';
import { readDynamic } from './dynamic';
import { PT, readHeader, readProgramHeaders } from './header';
import { machineById } from './machines';
import { noteOwners } from './notes';
import { fail, ok, type Result } from '../result';

export const LIBC_FAMILIES = ['glibc', 'musl', 'static', 'other'] as const;
export type LibcFamily = (typeof LIBC_FAMILIES)[number];

export interface ElfInfo {
  bits: 32 | 64;
  littleEndian: boolean;
  type: 'rel' | 'exec' | 'dyn' | 'core' | 'other';
  /** `x86_64`, `aarch64`… or `e_machine N` for one no distroless image is built for. */
  machine: string;
  machineId: number;
  interpreter: string | null;
  /** What the interpreter says about the C library: `static` when there is none. */
  libc: LibcFamily;
  needed: string[];
  soname: string | null;
  runpath: string[] | null;
  rpath: string[] | null;
  /** Built by the Go toolchain (a `Go` note). */
  go: boolean;
  bytesRead: number;
}

const MAX_INTERP = 4096;

export function libcOf(interpreter: string | null, needed: readonly string[]): LibcFamily {
  if (interpreter === null) return needed.length === 0 ? 'static' : 'other';
  const base = interpreter.slice(interpreter.lastIndexOf('/') + 1);
  if (/^ld-musl-/.test(base)) return 'musl';
  if (/^ld-linux|^ld64\.so|^ld\.so/.test(base)) return 'glibc';
  return 'other';
}

export function readElf(path: string, budget = DEFAULT_FILE_BUDGET): Result<ElfInfo> {
  const opened = openBounded(path, budget);
  if (!opened.ok) return opened;
  const file = opened.value;
  try {
    const hr = readHeader(file);
    if (!hr.ok) return hr;
    const { header, words } = hr.value;
    const phr = readProgramHeaders(file, header, words);
    if (!phr.ok) return phr;
    const headers = phr.value;
    let interpreter: string | null = null;
    const interp = headers.find((p) => p.type === PT.INTERP);
    if (interp) {
      if (interp.filesz === 0 || interp.filesz > MAX_INTERP) return fail(`malformed ELF: interpreter path of ${interp.filesz} bytes`);
      const raw = file.read(interp.offset, interp.filesz, 'interpreter path (PT_INTERP)');
      if (!raw.ok) return raw;
      interpreter = raw.value.toString('utf8').replace(/\0[\s\S]*$/, '');
    }
    const dyn = headers.find((p) => p.type === PT.DYNAMIC);
    const dr = dyn ? readDynamic(file, dyn, headers, words) : ok({ needed: [], soname: null, runpath: null, rpath: null });
    if (!dr.ok) return dr;
    const machine = machineById(header.machine, header.bits);
    return ok({
      bits: header.bits,
      littleEndian: header.littleEndian,
      type: header.type,
      machine: machine?.name ?? `e_machine ${header.machine}`,
      machineId: header.machine,
      interpreter,
      libc: libcOf(interpreter, dr.value.needed),
      ...dr.value,
      go: noteOwners(file, headers, words).includes('Go'),
      bytesRead: file.bytesRead(),
    });
  } finally {
    file.close();
  }
}
