/**
 * What a running distroready knows about its cluster, registered for the engine and the
 * probes as the `kubernetes` service: the API client, the reach mode, the access review,
 * and the two things probes need from the API (the pods/proxy client, pod logs).
 */
import type { ProbeServices } from '../../../probes/types';
import type { HttpClient } from '../../net/http-client';
import type { AccessReport } from './access-review';
import type { KubeClient } from './kube-client';
import type { KubernetesConfig, ReachMode } from './kubernetes-config';
import { readPodLog, type PodLogRequest } from './pod-log';
import { apiProxyHttp } from './proxy-http';

export interface ClusterService {
  client: KubeClient;
  config: KubernetesConfig;
  reach: ReachMode;
  /** `null` until the start-up review ran. */
  access: AccessReport | null;
  proxyHttp(): Promise<HttpClient>;
  readPodLog(r: PodLogRequest): ReturnType<typeof readPodLog>;
}

export function createClusterService(client: KubeClient, config: KubernetesConfig, reach: ReachMode): ClusterService {
  return {
    client,
    config,
    reach,
    access: null,
    proxyHttp: () => apiProxyHttp(client.access),
    readPodLog: (r) => readPodLog(client, r),
  };
}

export function clusterServiceOf(services: ProbeServices): ClusterService | null {
  return services.kubernetes ?? null;
}
