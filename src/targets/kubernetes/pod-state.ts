/**
 * What a pod's status says about probing it: ready, with an IP, not terminating, not
 * crash-looping. A pod that is none of these is reported as it is and never probed as
 * if it were healthy; among the ready ones, the one that restarted least is chosen.
 */
import type { ContainerStatus, KubeObject } from './objects';

export interface ContainerState {
  name: string;
  image: string | null;
  ready: boolean;
  restarts: number;
  /** `CrashLoopBackOff`, `ImagePullBackOff`, `ContainerCreating`… */
  waiting: string | null;
  /** Why the previous instance ended, when it restarted. */
  lastTerminated: { reason: string | null; exitCode: number | null } | null;
}

export interface PodSummary {
  name: string;
  uid: string;
  ip: string | null;
  phase: string | null;
  ready: boolean;
  terminating: boolean;
  restarts: number;
  containers: ContainerState[];
  /** Human-readable reasons it is not probed, empty when it can be. */
  problems: string[];
}

const statuses = (pod: KubeObject): ContainerStatus[] => (Array.isArray(pod.status?.containerStatuses) ? (pod.status.containerStatuses as ContainerStatus[]) : []);

function readyCondition(pod: KubeObject): boolean {
  const conditions = Array.isArray(pod.status?.conditions) ? (pod.status.conditions as { type?: string; status?: string }[]) : [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

function podIp(pod: KubeObject): string | null {
  const ips = pod.status?.podIPs as { ip?: string }[] | undefined;
  const ip = Array.isArray(ips) && ips[0]?.ip ? ips[0].ip : pod.status?.podIP;
  return typeof ip === 'string' && ip !== '' ? ip : null;
}

export function summarizePod(pod: KubeObject): PodSummary {
  const containers: ContainerState[] = statuses(pod).map((s) => ({
    name: s.name,
    image: s.image ?? null,
    ready: s.ready === true,
    restarts: s.restartCount ?? 0,
    waiting: s.state?.waiting?.reason ?? null,
    lastTerminated: s.lastState?.terminated ? { reason: s.lastState.terminated.reason ?? null, exitCode: s.lastState.terminated.exitCode ?? null } : null,
  }));
  const ip = podIp(pod);
  const phase = typeof pod.status?.phase === 'string' ? pod.status.phase : null;
  const ready = readyCondition(pod);
  const terminating = typeof pod.metadata.deletionTimestamp === 'string';
  const restarts = containers.reduce((n, c) => n + c.restarts, 0);
  const problems: string[] = [];
  if (terminating) problems.push('terminating');
  for (const c of containers) if (c.waiting) problems.push(`container ${c.name} ${c.waiting}${c.restarts > 0 ? ` (${c.restarts} restarts)` : ''}`);
  if (!ip) problems.push(`no IP (phase ${phase ?? 'unknown'})`);
  if (!ready && problems.length === 0) problems.push(`not Ready (phase ${phase ?? 'unknown'})`);
  return { name: pod.metadata.name, uid: pod.metadata.uid, ip, phase, ready, terminating, restarts, containers, problems };
}

/** The ready pod to probe (fewest restarts, then name, for a stable choice), and why none when none. */
export function choosePod(pods: readonly PodSummary[], kind: string): { chosen: PodSummary | null; reason: string | null } {
  const candidates = pods.filter((p) => p.problems.length === 0).sort((a, b) => a.restarts - b.restarts || a.name.localeCompare(b.name));
  if (candidates[0]) return { chosen: candidates[0], reason: null };
  if (pods.length === 0) {
    const why = kind === 'CronJob' || kind === 'Job' ? 'no running pod: it runs pods only while a job runs' : `no pods: the ${kind} runs none right now`;
    return { chosen: null, reason: why };
  }
  const shown = pods.slice(0, 5).map((p) => `${p.name}: ${p.problems.join(', ')}`);
  const more = pods.length > 5 ? `; and ${pods.length - 5} more` : '';
  return { chosen: null, reason: `no ready pod: ${shown.join('; ')}${more}` };
}
