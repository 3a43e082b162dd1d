/**
 * Before any probe runs, decide whether the live workload can be seen: a `run` workload
 * started (its port opened), a url workload's port accepts a connection. Probes that need
 * the live workload run only when it was reached; otherwise their checks say why not,
 * instead of judging a closed port as if it were an answer.
 *
 * The connection that shows a url workload is reached is not thrown away: it becomes the
 * first of the target's kept-alive connections, so the probes' first request pays no
 * connect and being reached costs no round trip of its own.
 */
import type { HttpClient } from '../net/http-client';
import { tcpOpen } from '../net/tcp-connect';
import { targetConnections, type TargetConnections } from '../net/target-connections';
import type { Reach, Target } from '../targets/target';

const CONNECT_TIMEOUT_MS = 3000;
const LAUNCH_OUTPUT_LINES = 10;

export interface Preflight {
  reach: Reach;
  /** The target's connections when it has a url to share them on; close them when its probes are done. */
  connections?: TargetConnections;
}

export async function preflight(target: Target, http: HttpClient, signal?: AbortSignal): Promise<Preflight> {
  // A target source that already knows (a Kubernetes pod that is not ready) has said so.
  // Its requests still share kept-alive connections (through the API server's proxy, one TLS handshake).
  if (target.reach) return { reach: target.reach, ...(target.reach.status === 'reached' && target.url ? { connections: targetConnections(originOf(target.url)) } : {}) };
  if (target.config.run) return { reach: launchReach(target), ...(target.url ? { connections: targetConnections(originOf(target.url)) } : {}) };
  if (!target.url) return { reach: { status: 'not-live', detail: 'no url and no run command: only its files are read', evidence: [] } };
  return connectReach(target.url, http, signal);
}

function launchReach(target: Target): Reach {
  const lines = (target.process?.output.snapshot() ?? []).slice(-LAUNCH_OUTPUT_LINES).map((l) => `${l.stream}: ${l.text}`);
  if (target.launchError) return { status: 'not-started', detail: target.launchError, evidence: [target.launchError, ...lines] };
  const port = target.config.run?.port;
  const pid = target.process?.pid;
  return { status: 'reached', detail: port ? `started (pid ${pid}) and listening on port ${port}` : `started (pid ${pid}); no port to connect to`, evidence: [] };
}

function originOf(url: string): string {
  return new URL(url).origin;
}

/** One TCP connect through the address policy, as every probe connection goes. */
async function connectReach(url: string, http: HttpClient, signal?: AbortSignal): Promise<Preflight> {
  const u = new URL(url);
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const resolved = await http.resolvePermitted(u.hostname);
  if (!resolved.ok) return { reach: { status: 'unreachable', detail: `${u.host}: ${resolved.reason}`, evidence: [`${url}: ${resolved.reason}`] } };
  const opened = await tcpOpen(resolved.address, port, CONNECT_TIMEOUT_MS, signal);
  if (!opened.ok) {
    return { reach: { status: 'unreachable', detail: `nothing accepts connections at ${u.host} (${opened.reason})`, evidence: [`connect ${resolved.address}:${port}: ${opened.reason}`] } };
  }
  return {
    reach: { status: 'reached', detail: `${u.host} accepts connections`, evidence: [] },
    connections: targetConnections(u.origin, { adopt: { socket: opened.socket, connectMs: opened.connectMs } }),
  };
}
