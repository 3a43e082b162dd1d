/**
 * ELF notes of interest: the Go toolchain marks its binaries with a `Go` note (type 4,
 * the build id), which tells a static Go program from a static C one.
 */
import type { BoundedFile } from './bounded-file';
import { PT, type ProgramHeader, type Words } from './header';

const MAX_NOTE_BYTES = 4096;
const MAX_NOTES = 8;

/** Note owners seen in PT_NOTE segments (`GNU`, `Go`), bounded; unreadable notes are skipped. */
export function noteOwners(file: BoundedFile, headers: readonly ProgramHeader[], w: Words): string[] {
  const owners = new Set<string>();
  for (const ph of headers.filter((p) => p.type === PT.NOTE).slice(0, MAX_NOTES)) {
    const raw = file.read(ph.offset, Math.min(ph.filesz, MAX_NOTE_BYTES), 'note');
    if (!raw.ok) continue;
    const b = raw.value;
    // Each note: namesz, descsz, type (4 bytes each), then name and desc padded to 4.
    for (let at = 0; at + 12 <= b.length && owners.size < MAX_NOTES; ) {
      const namesz = w.u32(b, at);
      const descsz = w.u32(b, at + 4);
      if (namesz > 64 || descsz > MAX_NOTE_BYTES) break;
      const name = b.subarray(at + 12, at + 12 + namesz).toString('latin1').replace(/\0+$/, '');
      if (name) owners.add(name);
      at += 12 + Math.ceil(namesz / 4) * 4 + Math.ceil(descsz / 4) * 4;
    }
  }
  return [...owners];
}
