/**
 * The CPU architectures distroless images are published for, keyed by ELF `e_machine`:
 * the Debian multiarch directory the loader searches, and the image architecture name.
 */
export const MACHINES = [
  { id: 62, name: 'x86_64', bits: 64, multiarch: 'x86_64-linux-gnu', platform: 'amd64' },
  { id: 183, name: 'aarch64', bits: 64, multiarch: 'aarch64-linux-gnu', platform: 'arm64' },
  { id: 40, name: 'arm', bits: 32, multiarch: 'arm-linux-gnueabihf', platform: 'arm' },
  { id: 22, name: 's390x', bits: 64, multiarch: 's390x-linux-gnu', platform: 's390x' },
  { id: 21, name: 'ppc64le', bits: 64, multiarch: 'powerpc64le-linux-gnu', platform: 'ppc64le' },
  { id: 243, name: 'riscv64', bits: 64, multiarch: 'riscv64-linux-gnu', platform: 'riscv64' },
  { id: 3, name: 'i386', bits: 32, multiarch: 'i386-linux-gnu', platform: '386' },
] as const;

export type Machine = (typeof MACHINES)[number];

export function machineById(id: number, bits: 32 | 64): Machine | null {
  return MACHINES.find((m) => m.id === id && m.bits === bits) ?? null;
}
