/**
 * Builders for what a cluster holds: a Deployment with its ReplicaSet and pods, a
 * StatefulSet, a DaemonSet, a CronJob with a Job, each pod with the status a kubelet
 * would report (ready, not ready, restarting, no IP), linked by ownerReferences.
 */
import type { KubeObject } from './object-store';
import type { KubeApi } from './server';

export interface ContainerInput {
  name: string;
  image?: string;
  [key: string]: unknown;
}

export interface PodState {
  /** Default true. */
  ready?: boolean;
  /** Default 127.0.0.1; `null` for a pod with no IP yet. */
  ip?: string | null;
  restarts?: number;
  /** A waiting reason such as `CrashLoopBackOff`; makes the pod not ready. */
  waiting?: string;
  phase?: string;
}

export interface ControllerInput {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Pod template metadata. */
  podLabels?: Record<string, string>;
  podAnnotations?: Record<string, string>;
  containers: ContainerInput[];
  initContainers?: ContainerInput[];
  /** Extra pod spec fields (volumes, securityContext…). */
  podSpec?: Record<string, unknown>;
  /** One entry per pod to create. Default: one ready pod. */
  pods?: PodState[];
}

const stamp = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

export function podStatus(containers: readonly ContainerInput[], s: PodState): Record<string, unknown> {
  const ready = s.waiting ? false : (s.ready ?? true);
  const ip = s.ip === undefined ? '127.0.0.1' : s.ip;
  const cond = (type: string, on: boolean): Record<string, unknown> => ({ type, status: on ? 'True' : 'False', lastTransitionTime: stamp() });
  return {
    phase: s.phase ?? (ip ? 'Running' : 'Pending'),
    ...(ip ? { podIP: ip, podIPs: [{ ip }], hostIP: '10.0.0.10' } : {}),
    conditions: [cond('PodScheduled', true), cond('Initialized', true), cond('ContainersReady', ready), cond('Ready', ready)],
    containerStatuses: containers.map((c) => ({
      name: c.name,
      image: c.image ?? 'registry.example/app:1',
      imageID: '',
      ready,
      started: !s.waiting,
      restartCount: s.restarts ?? 0,
      state: s.waiting ? { waiting: { reason: s.waiting, message: `back-off restarting failed container ${c.name}` } } : { running: { startedAt: stamp() } },
      ...(s.restarts ? { lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: stamp(), finishedAt: stamp() } } } : {}),
    })),
  };
}

function template(c: ControllerInput, selector: Record<string, string>): Record<string, unknown> {
  return {
    metadata: { labels: { ...selector, ...c.podLabels }, ...(c.podAnnotations ? { annotations: c.podAnnotations } : {}) },
    spec: { containers: c.containers, ...(c.initContainers ? { initContainers: c.initContainers } : {}), ...c.podSpec },
  };
}

type Owner = { apiVersion: string; kind: string; name: string; uid: string };

function ownerRef(o: KubeObject, apiVersion: string, kind: string): Owner & { controller: true; blockOwnerDeletion: true } {
  return { apiVersion, kind, name: o.metadata.name, uid: o.metadata.uid!, controller: true, blockOwnerDeletion: true };
}

function addPods(api: KubeApi, c: ControllerInput, owner: ReturnType<typeof ownerRef>, base: string, selector: Record<string, string>, suffix: (i: number) => string): KubeObject[] {
  const tpl = template(c, selector) as { metadata: Record<string, unknown>; spec: Record<string, unknown> };
  return (c.pods ?? [{}]).map((state, i) => {
    const ip = state.ip === undefined ? '127.0.0.1' : state.ip;
    return api.store.put('Pod', {
      metadata: { ...tpl.metadata, name: `${base}-${suffix(i)}`, namespace: c.namespace, ownerReferences: [owner] },
      spec: { ...tpl.spec, ...(ip || state.phase === 'Running' ? { nodeName: 'node-1' } : {}) },
      status: podStatus(c.containers, state),
    });
  });
}

export interface Added {
  controller: KubeObject;
  pods: KubeObject[];
}

export function addNamespace(api: KubeApi, name: string, labels?: Record<string, string>): KubeObject {
  return api.store.put('Namespace', { metadata: { name, ...(labels ? { labels } : {}) }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
}

export function addDeployment(api: KubeApi, c: ControllerInput): Added & { replicaSet: KubeObject } {
  const selector = { app: c.name };
  const pods = c.pods ?? [{}];
  const readyCount = pods.filter((p) => (p.ready ?? true) && !p.waiting).length;
  const dep = api.store.put('Deployment', {
    metadata: { name: c.name, namespace: c.namespace, labels: c.labels ?? { app: c.name }, ...(c.annotations ? { annotations: c.annotations } : {}) },
    spec: { replicas: pods.length, selector: { matchLabels: selector }, template: template(c, selector) },
    status: { replicas: pods.length, readyReplicas: readyCount, updatedReplicas: pods.length, availableReplicas: readyCount },
  });
  const hash = '5d8f7c9b4';
  const rs = api.store.put('ReplicaSet', {
    metadata: { name: `${c.name}-${hash}`, namespace: c.namespace, labels: { ...selector, 'pod-template-hash': hash }, ownerReferences: [ownerRef(dep, 'apps/v1', 'Deployment')] },
    spec: { replicas: pods.length, selector: { matchLabels: { ...selector, 'pod-template-hash': hash } }, template: template(c, { ...selector, 'pod-template-hash': hash }) },
    status: { replicas: pods.length, readyReplicas: readyCount },
  });
  const made = addPods(api, c, ownerRef(rs, 'apps/v1', 'ReplicaSet'), rs.metadata.name, { ...selector, 'pod-template-hash': hash }, (i) => `x${String(i).padStart(4, '0')}`);
  return { controller: dep, replicaSet: rs, pods: made };
}

export function addStatefulSet(api: KubeApi, c: ControllerInput): Added {
  const selector = { app: c.name };
  const sts = api.store.put('StatefulSet', {
    metadata: { name: c.name, namespace: c.namespace, labels: c.labels ?? { app: c.name }, ...(c.annotations ? { annotations: c.annotations } : {}) },
    spec: { replicas: (c.pods ?? [{}]).length, serviceName: c.name, selector: { matchLabels: selector }, template: template(c, selector) },
  });
  return { controller: sts, pods: addPods(api, c, ownerRef(sts, 'apps/v1', 'StatefulSet'), c.name, selector, String) };
}

export function addDaemonSet(api: KubeApi, c: ControllerInput): Added {
  const selector = { app: c.name };
  const ds = api.store.put('DaemonSet', {
    metadata: { name: c.name, namespace: c.namespace, labels: c.labels ?? { app: c.name }, ...(c.annotations ? { annotations: c.annotations } : {}) },
    spec: { selector: { matchLabels: selector }, template: template(c, selector) },
  });
  return { controller: ds, pods: addPods(api, c, ownerRef(ds, 'apps/v1', 'DaemonSet'), c.name, selector, (i) => `n${i}`) };
}

export function addCronJob(api: KubeApi, c: ControllerInput & { schedule?: string }): Added & { job: KubeObject } {
  const selector = { app: c.name };
  const cj = api.store.put('CronJob', {
    metadata: { name: c.name, namespace: c.namespace, labels: c.labels ?? { app: c.name }, ...(c.annotations ? { annotations: c.annotations } : {}) },
    spec: { schedule: c.schedule ?? '*/5 * * * *', jobTemplate: { spec: { template: { ...template(c, selector), spec: { restartPolicy: 'OnFailure', ...(template(c, selector).spec as object) } } } } },
  });
  const job = api.store.put('Job', {
    metadata: { name: `${c.name}-28000000`, namespace: c.namespace, labels: selector, ownerReferences: [ownerRef(cj, 'batch/v1', 'CronJob')] },
    spec: { template: { ...template(c, selector), spec: { restartPolicy: 'OnFailure', ...(template(c, selector).spec as object) } } },
  });
  return { controller: cj, job, pods: addPods(api, c, ownerRef(job, 'batch/v1', 'Job'), job.metadata.name, selector, (i) => `j${i}`) };
}

export interface ServiceInput {
  namespace: string;
  name: string;
  labels?: Record<string, string>;
  selector: Record<string, string>;
  ports: { name?: string; port: number; targetPort?: number | string }[];
}

/** A ClusterIP Service as the API server defaults it (protocol TCP, targetPort = port when unset). */
export function addService(api: KubeApi, s: ServiceInput): KubeObject {
  return api.store.put('Service', {
    metadata: { name: s.name, namespace: s.namespace, labels: s.labels ?? { app: s.name } },
    spec: {
      type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], selector: s.selector, sessionAffinity: 'None',
      ports: s.ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), protocol: 'TCP', port: p.port, targetPort: p.targetPort ?? p.port })),
    },
    status: { loadBalancer: {} },
  });
}

/** A monitoring.coreos.com/v1 ServiceMonitor (the stand-in serves it only with the CRD installed: `api.crds`). */
export function addServiceMonitor(api: KubeApi, m: { namespace: string; name: string; selector: Record<string, unknown>; namespaceSelector?: { any?: boolean; matchNames?: string[] }; endpoints: Record<string, unknown>[] }): KubeObject {
  return api.store.put('ServiceMonitor', {
    metadata: { name: m.name, namespace: m.namespace, labels: { release: 'kube-prometheus-stack' } },
    spec: { selector: m.selector, ...(m.namespaceSelector ? { namespaceSelector: m.namespaceSelector } : {}), endpoints: m.endpoints },
  });
}
