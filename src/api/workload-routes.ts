/** Read endpoints over the latest results: `GET /api/v1/workloads[/{name}[/history]]`. */
import { Router } from 'express';
import { DistroreadyError } from '../errors';
import type { ResultStore } from '../store/result-store';

export function workloadRoutes(store: ResultStore, workloadNames: () => readonly string[]): Router {
  const router = Router();
  const known = (name: string): void => {
    if (!workloadNames().includes(name)) {
      throw new DistroreadyError('NOT_FOUND', `no workload named "${name}"; GET /api/v1/workloads lists them`, { workload: name });
    }
  };
  router.get('/workloads', (_req, res) => {
    res.json({ workloads: store.latest() });
  });
  router.get('/workloads/:name', (req, res) => {
    known(req.params.name);
    const result = store.latestFor(req.params.name);
    if (!result) throw new DistroreadyError('UNAVAILABLE', `workload "${req.params.name}" has not been probed yet; retry after the first sweep`);
    res.json(result);
  });
  router.get('/workloads/:name/history', (req, res) => {
    known(req.params.name);
    const limit = Math.min(Math.max(Number.parseInt(String(req.query.limit ?? '100'), 10) || 100, 1), 1000);
    res.json({ workload: req.params.name, history: store.history(req.params.name, limit) });
  });
  return router;
}
