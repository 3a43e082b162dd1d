/**
 * The ELF file header and program headers: class, byte order, type, machine, and where
 * the segments are. Counts and sizes come from the file, so each is checked against a
 * bound before anything is read with it.
 */
import type { BoundedFile } from './bounded-file';
import { fail, ok, type Result } from '../result';

export const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
/** Real binaries have a dozen or so; PN_XNUM (0xffff) would mean "look in section 0". */
export const MAX_PROGRAM_HEADERS = 512;

export const PT = { LOAD: 1, DYNAMIC: 2, INTERP: 3, NOTE: 4 } as const;
const TYPES: Record<number, ElfHeader['type']> = { 1: 'rel', 2: 'exec', 3: 'dyn', 4: 'core' };

export interface ElfHeader {
  bits: 32 | 64;
  littleEndian: boolean;
  type: 'rel' | 'exec' | 'dyn' | 'core' | 'other';
  machine: number;
  phoff: number;
  phentsize: number;
  phnum: number;
}

export interface ProgramHeader {
  type: number;
  offset: number;
  vaddr: number;
  filesz: number;
}

/** Reads integers of the file's class and byte order from a buffer. */
export class Words {
  constructor(
    readonly bits: 32 | 64,
    readonly littleEndian: boolean,
  ) {}
  u16(b: Buffer, at: number): number {
    return this.littleEndian ? b.readUInt16LE(at) : b.readUInt16BE(at);
  }
  u32(b: Buffer, at: number): number {
    return this.littleEndian ? b.readUInt32LE(at) : b.readUInt32BE(at);
  }
  /** A 64-bit value as a number, or -1 when it does not fit (no real offset is that large). */
  u64(b: Buffer, at: number): number {
    const v = this.littleEndian ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at);
    return v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v);
  }
  /** An address or offset: 4 bytes in ELF32, 8 in ELF64. */
  word(b: Buffer, at: number): number {
    return this.bits === 64 ? this.u64(b, at) : this.u32(b, at);
  }
  get wordSize(): number {
    return this.bits / 8;
  }
}

export function readHeader(file: BoundedFile): Result<{ header: ElfHeader; words: Words }> {
  if (file.size < 16) return fail(`not an ELF file: ${file.size} bytes, shorter than an ELF identification`);
  const ident = file.read(0, 16, 'ELF identification');
  if (!ident.ok) return ident;
  if (!ident.value.subarray(0, 4).equals(ELF_MAGIC)) return fail('not an ELF file (no \\x7fELF magic)');
  const cls = ident.value[4];
  const data = ident.value[5];
  if (cls !== 1 && cls !== 2) return fail(`malformed ELF: class ${cls} is neither 32-bit (1) nor 64-bit (2)`);
  if (data !== 1 && data !== 2) return fail(`malformed ELF: data encoding ${data} is neither little (1) nor big endian (2)`);
  const words = new Words(cls === 2 ? 64 : 32, data === 1);
  const size = cls === 2 ? 64 : 52;
  const raw = file.read(0, size, 'ELF header');
  if (!raw.ok) return raw;
  const b = raw.value;
  // e_type 16, e_machine 18, e_phoff 28/32, e_phentsize 42/54, e_phnum 44/56.
  const phoff = words.word(b, cls === 2 ? 32 : 28);
  const phentsize = words.u16(b, cls === 2 ? 54 : 42);
  const phnum = words.u16(b, cls === 2 ? 56 : 44);
  const header: ElfHeader = {
    bits: words.bits,
    littleEndian: words.littleEndian,
    type: TYPES[words.u16(b, 16)] ?? 'other',
    machine: words.u16(b, 18),
    phoff,
    phentsize,
    phnum,
  };
  return ok({ header, words });
}

export function readProgramHeaders(file: BoundedFile, h: ElfHeader, w: Words): Result<ProgramHeader[]> {
  if (h.phnum === 0) return ok([]);
  const entry = h.bits === 64 ? 56 : 32;
  if (h.phentsize < entry) return fail(`malformed ELF: program header entries are ${h.phentsize} bytes, need ${entry}`);
  if (h.phnum > MAX_PROGRAM_HEADERS) return fail(`malformed ELF: ${h.phnum} program headers, more than the ${MAX_PROGRAM_HEADERS} read`);
  if (h.phoff < 0) return fail('malformed ELF: program header offset does not fit in 53 bits');
  const raw = file.read(h.phoff, h.phnum * h.phentsize, 'program headers');
  if (!raw.ok) return raw;
  const out: ProgramHeader[] = [];
  for (let i = 0; i < h.phnum; i++) {
    const at = i * h.phentsize;
    const b = raw.value;
    // ELF64: type 0, flags 4, offset 8, vaddr 16, paddr 24, filesz 32. ELF32: type 0, offset 4, vaddr 8, paddr 12, filesz 16.
    const ph = h.bits === 64
      ? { type: w.u32(b, at), offset: w.u64(b, at + 8), vaddr: w.u64(b, at + 16), filesz: w.u64(b, at + 32) }
      : { type: w.u32(b, at), offset: w.u32(b, at + 4), vaddr: w.u32(b, at + 8), filesz: w.u32(b, at + 16) };
    out.push(ph);
  }
  return ok(out);
}

/** The file offset of a virtual address, through the PT_LOAD segment that maps it. */
export function fileOffsetOf(vaddr: number, headers: readonly ProgramHeader[]): number | null {
  for (const ph of headers) {
    if (ph.type !== PT.LOAD || ph.vaddr < 0 || ph.offset < 0) continue;
    if (vaddr >= ph.vaddr && vaddr < ph.vaddr + ph.filesz) return vaddr - ph.vaddr + ph.offset;
  }
  return null;
}
