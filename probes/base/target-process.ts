/**
 * Which process the base probe reads: the one distroready launched for a `run` workload,
 * or one the operator names with `base: { pid }` or `base: { pidFile }` (a service
 * already running on this host or in a shared process namespace). A pid file is read
 * bounded (64 bytes) and must hold one decimal pid.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Target } from '../types';
import { readProcText } from './proc/proc-read';
import type { PROCESS_SOURCES } from './facts-schema';

export interface BaseConfig {
  pid?: number;
  pidFile?: string;
}

export type ProcessChoice =
  | { kind: 'none' }
  | { kind: 'process'; pid: number; source: (typeof PROCESS_SOURCES)[number] }
  | { kind: 'unreadable'; reason: string };

export function chooseProcess(target: Target, procRoot = '/proc'): ProcessChoice {
  const config = (target.config.base ?? {}) as BaseConfig;
  if (target.process) {
    if (target.process.pid <= 0) return { kind: 'unreadable', reason: `the run process did not start${target.launchError ? `: ${target.launchError}` : ''}` };
    if (!target.process.alive()) return { kind: 'unreadable', reason: `the run process (pid ${target.process.pid}) exited before the base probe read it` };
    return { kind: 'process', pid: target.process.pid, source: 'run' };
  }
  if (config.pid !== undefined) {
    if (!existsSync(`${procRoot}/${config.pid}`)) return { kind: 'unreadable', reason: `base.pid ${config.pid}: no such process` };
    return { kind: 'process', pid: config.pid, source: 'pid' };
  }
  if (config.pidFile !== undefined) {
    const file = path.resolve(target.baseDir, config.pidFile);
    const read = readProcText(file, 64);
    if (!read.ok) return { kind: 'unreadable', reason: `base.pidFile: ${read.error}` };
    const pid = /^\s*(\d{1,10})\s*$/.exec(read.value.text)?.[1];
    if (!pid || read.value.truncated) return { kind: 'unreadable', reason: `base.pidFile ${file} does not hold a pid` };
    if (!existsSync(`${procRoot}/${pid}`)) return { kind: 'unreadable', reason: `base.pidFile ${file} names pid ${pid}: no such process` };
    return { kind: 'process', pid: Number(pid), source: 'pidFile' };
  }
  return { kind: 'none' };
}
