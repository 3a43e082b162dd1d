/**
 * The stand-in's etcd: every object with its history, one cluster-wide revision counter
 * (the resourceVersion), an event log for watches, and compaction so an old
 * resourceVersion or continue token answers 410 Gone as a real server's does.
 */
import { randomUUID } from 'node:crypto';
import { groupVersion, resourceByKind, type ResourceDef } from './resources';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  generation?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { apiVersion: string; kind: string; name: string; uid: string; controller?: boolean; blockOwnerDeletion?: boolean }[];
  [key: string]: unknown;
}

/** An object as stored: no `kind`/`apiVersion` (list items are served that way). */
export interface KubeObject {
  metadata: ObjectMeta;
  [key: string]: unknown;
}

export type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface StoreEvent {
  rv: number;
  def: ResourceDef;
  type: EventType;
  object: KubeObject;
  /** The state before a MODIFIED or DELETED, to tell selector transitions. */
  previous: KubeObject | null;
}

interface Version {
  rv: number;
  object: KubeObject | null;
}

export class GoneError extends Error {}

const keyOf = (ns: string | undefined, name: string): string => `${ns ?? ''}/${name}`;
const clone = <T>(v: T): T => structuredClone(v);

export class ObjectStore {
  private revision = 1000;
  private compacted = 0;
  private readonly objects = new Map<ResourceDef, Map<string, Version[]>>();
  private readonly sortedKeys = new Map<ResourceDef, string[]>();
  private readonly events: StoreEvent[] = [];
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  /** The latest revision, as a list's `metadata.resourceVersion`. */
  get resourceVersion(): number {
    return this.revision;
  }

  /** The oldest revision a watch or continue token may still start from. */
  get compactedRevision(): number {
    return this.compacted;
  }

  private table(def: ResourceDef): Map<string, Version[]> {
    let t = this.objects.get(def);
    if (!t) this.objects.set(def, (t = new Map()));
    return t;
  }

  /** Creates or replaces an object of `kind`; fills uid, resourceVersion, creationTimestamp. */
  put(kind: string, input: KubeObject & { kind?: string; apiVersion?: string }): KubeObject {
    const def = resourceByKind(kind);
    const obj = clone(input) as KubeObject & { kind?: string; apiVersion?: string };
    delete obj.kind;
    delete obj.apiVersion;
    if (def.namespaced) obj.metadata.namespace ??= 'default';
    else delete obj.metadata.namespace;
    const versions = this.table(def).get(keyOf(obj.metadata.namespace, obj.metadata.name));
    const previous = versions?.[versions.length - 1]?.object ?? null;
    const rv = ++this.revision;
    obj.metadata.uid = previous?.metadata.uid ?? obj.metadata.uid ?? randomUUID();
    obj.metadata.creationTimestamp = previous?.metadata.creationTimestamp ?? obj.metadata.creationTimestamp ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    obj.metadata.generation = previous ? (previous.metadata.generation ?? 1) + 1 : (obj.metadata.generation ?? 1);
    obj.metadata.resourceVersion = String(rv);
    this.record(def, obj, rv, previous ? 'MODIFIED' : 'ADDED', previous);
    return clone(obj);
  }

  /** Deletes an object; `false` when there was none. */
  remove(kind: string, namespace: string | undefined, name: string): boolean {
    const def = resourceByKind(kind);
    const versions = this.table(def).get(keyOf(def.namespaced ? (namespace ?? 'default') : undefined, name));
    const previous = versions?.[versions.length - 1]?.object ?? null;
    if (!previous) return false;
    const rv = ++this.revision;
    const last = { ...clone(previous), metadata: { ...clone(previous.metadata), resourceVersion: String(rv) } };
    this.record(def, last, rv, 'DELETED', previous);
    return true;
  }

  private record(def: ResourceDef, obj: KubeObject, rv: number, type: EventType, previous: KubeObject | null): void {
    const table = this.table(def);
    const key = keyOf(obj.metadata.namespace, obj.metadata.name);
    let versions = table.get(key);
    if (!versions) {
      table.set(key, (versions = []));
      this.sortedKeys.delete(def);
    }
    versions.push({ rv, object: type === 'DELETED' ? null : obj });
    const event: StoreEvent = { rv, def, type, object: obj, previous };
    this.events.push(event);
    for (const l of this.listeners) l(event);
  }

  get(def: ResourceDef, namespace: string | undefined, name: string): KubeObject | undefined {
    const versions = this.objects.get(def)?.get(keyOf(def.namespaced ? namespace : undefined, name));
    const obj = versions?.[versions.length - 1]?.object;
    return obj ? clone(obj) : undefined;
  }

  /**
   * Every object of `def` as it was at revision `at` (default: now), in key order
   * (namespace, then name, like etcd's keys). Objects are shared: callers must not mutate.
   */
  snapshot(def: ResourceDef, at = this.revision): KubeObject[] {
    if (at < this.compacted) throw new GoneError(`revision ${at} is compacted (oldest ${this.compacted})`);
    const table = this.objects.get(def);
    if (!table) return [];
    let keys = this.sortedKeys.get(def);
    if (!keys) this.sortedKeys.set(def, (keys = [...table.keys()].sort()));
    const out: KubeObject[] = [];
    for (const key of keys) {
      const versions = table.get(key)!;
      for (let i = versions.length - 1; i >= 0; i--) {
        const v = versions[i]!;
        if (v.rv > at) continue;
        if (v.object) out.push(v.object);
        break;
      }
    }
    return out;
  }

  /** Events of `def` after revision `rv`; throws `GoneError` when `rv` is compacted. */
  eventsAfter(def: ResourceDef, rv: number): StoreEvent[] {
    if (rv < this.compacted) throw new GoneError(`too old resource version: ${rv} (${this.compacted})`);
    return this.events.filter((e) => e.def === def && e.rv > rv);
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forgets history and events up to now: older resourceVersions become 410 Gone. */
  compact(): void {
    this.compacted = this.revision;
    this.events.length = 0;
    for (const table of this.objects.values()) {
      for (const [key, versions] of table) {
        const last = versions[versions.length - 1]!;
        if (last.object) table.set(key, [last]);
        else table.delete(key);
      }
    }
    this.sortedKeys.clear();
  }

  /** The object as a GET or a watch event carries it: with `kind` and `apiVersion`. */
  static typed(def: ResourceDef, obj: KubeObject): Record<string, unknown> {
    return { kind: def.kind, apiVersion: groupVersion(def), ...obj };
  }
}
