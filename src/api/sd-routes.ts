/**
 * `GET /api/v1/targets`: the workloads this replica judges, in Prometheus' HTTP service
 * discovery format, grouped by namespace, kind and team (as labels), so a Prometheus
 * scrape job can `/probe` each one by name and shard them with hashmod. See
 * `distroready scrape-config`, which writes such a job.
 */
import { Router } from 'express';
import { kubeInfoOf } from '../targets/kubernetes/kube-workload';
import type { WorkloadConfig } from '../targets/target';
import { readAccess, type AccessConfig } from './auth';
import { validateRequest } from './validate-request';

export interface TargetGroup {
  targets: string[];
  labels: Record<string, string>;
}

/** One group per (namespace, kind, team); configured workloads in one group without labels. */
export function targetGroups(workloads: readonly WorkloadConfig[]): TargetGroup[] {
  const groups = new Map<string, TargetGroup>();
  for (const w of workloads) {
    const k = kubeInfoOf(w);
    const labels: Record<string, string> = k ? { namespace: k.namespace, kind: k.kind, ...(k.team ? { team: k.team } : {}) } : {};
    const key = JSON.stringify(labels);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { targets: [], labels }));
    g.targets.push(w.name);
  }
  return [...groups.values()];
}

export function sdRoutes(workloads: (() => readonly WorkloadConfig[]) | undefined, access: AccessConfig | undefined): Router {
  const router = Router();
  router.get('/targets', readAccess(access), validateRequest('/api/v1/targets', 'get'), (_req, res) => {
    res.json(targetGroups(workloads?.() ?? []));
  });
  return router;
}
