/**
 * A worker thread that renders reports, so a 10 MB report of a thousand workloads never
 * holds the event loop that answers /healthz, /readyz and /metrics. It is handed results
 * as the JSON they are stored as, expands them with the catalog, renders, and hands back
 * UTF-8 bytes (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderRequest, type RenderRequest } from './render-request';
import type { ReportCatalog } from '../model';

const catalog = (workerData as { catalog: ReportCatalog }).catalog;

parentPort!.on('message', (m: RenderRequest & { id: number }) => {
  try {
    const bytes = new TextEncoder().encode(renderRequest(m, catalog));
    parentPort!.postMessage({ id: m.id, body: bytes.buffer }, [bytes.buffer]);
  } catch (err) {
    parentPort!.postMessage({ id: m.id, error: (err as Error).stack ?? String(err) });
  }
});
