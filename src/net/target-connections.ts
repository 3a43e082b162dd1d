/**
 * Kept-alive connections to one target for the length of its probe run. The engine's reach
 * check opens the first one and hands it over, so the probes' first request costs no
 * connect of its own; the probes' requests to the target's origin then share at most
 * `maxSockets` connections instead of opening one each. Requests to any other origin (a
 * redirect elsewhere, a Jaeger query API) connect fresh, through the address policy.
 * Closed when the workload's probes are done: no connection outlives its run.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { HttpClient } from './http-client';

export interface TargetConnections {
  /** `http://host:port`: only requests to this origin use these connections. */
  readonly origin: string;
  /** How long the target's first connection took to open, in ms (`null` when none was opened ahead). */
  readonly connectMs: number | null;
  readonly agent: http.Agent;
  /** True for the connection the reach check opened (its request paid no connect). */
  wasAdopted(socket: Socket): boolean;
  close(): void;
}

export interface TargetConnectionsOptions {
  /** At most this many connections to the target at once; more requests wait for one. Default 6, more than the probes ask at once (health 3, metrics 1, traces 1), so none waits. */
  maxSockets?: number;
  /** An open connection to the origin (from the reach check) to use first. Plain http only. */
  adopt?: { socket: Socket; connectMs: number };
}

export function targetConnections(origin: string, o: TargetConnectionsOptions = {}): TargetConnections {
  const secure = origin.startsWith('https:');
  const options = { keepAlive: true, maxSockets: o.maxSockets ?? 6, scheduling: 'lifo' as const };
  const agent: http.Agent = secure ? new https.Agent(options) : new http.Agent(options);
  const adopted = new WeakSet<Socket>();
  let waiting = !secure && o.adopt ? o.adopt.socket : null;
  if (o.adopt && !waiting) o.adopt.socket.destroy();
  if (waiting) {
    adopted.add(waiting);
    // Until a request takes it, a reset must not become an uncaught error.
    waiting.on('error', () => waiting?.destroy());
  }
  const create = agent.createConnection.bind(agent) as (opts: object, cb: (err: Error | null, s: Socket) => void) => Socket;
  agent.createConnection = ((opts: object, cb: (err: Error | null, s: Socket) => void) => {
    const ready = waiting;
    waiting = null;
    // A connection the target closed in between is of no use: open a fresh one.
    if (ready && !ready.destroyed && ready.readable && ready.writable) return ready;
    ready?.destroy();
    return create(opts, cb);
  }) as typeof agent.createConnection;
  return {
    origin,
    connectMs: o.adopt?.connectMs ?? null,
    agent,
    wasAdopted: (socket) => adopted.has(socket),
    close() {
      waiting?.destroy();
      waiting = null;
      agent.destroy();
    },
  };
}

/** The same client, with requests to the target's origin going over its kept-alive connections. */
export function withConnections(client: HttpClient, connections: TargetConnections): HttpClient {
  return {
    ...client,
    request: (req) => client.request(req.connections ? req : { ...req, connections }),
  };
}
