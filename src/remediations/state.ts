/**
 * The observed state a plan is bound to: the facts it was made from (the needs of the checks it
 * fixes and what their remediations read, plus the target account and cluster), in a canonical
 * JSON form (keys sorted, arrays ordered by content, secrets redacted) and its sha256 digest.
 * Applying a saved plan re-collects, recomputes the same facts and refuses the plan when they
 * differ, naming the fact paths that changed.
 */
import { createHash } from 'node:crypto';
import type { FactNeed } from '../engine/types.js';
import type { Inventory } from '../inventory/types.js';
import type { Redactor } from '../secrets/redact.js';

/** Where each fact need lives in the Inventory. */
const PATHS: Record<FactNeed, readonly string[]> = {
  sts: ['target'],
  'eks.cluster': ['eks.cluster'],
  'eks.versions': ['eks.supportedVersions'],
  'eks.nodegroups': ['eks.nodegroups'],
  'eks.addons': ['eks.addons'],
  'eks.podIdentity': ['eks.podIdentityAssociations'],
  'ec2.network': ['ec2.vpcs', 'ec2.subnets', 'ec2.securityGroups'],
  'ec2.routes': ['ec2.routeTables'],
  'ec2.nacls': ['ec2.networkAcls'],
  'ec2.endpoints': ['ec2.vpcEndpoints', 'ec2.prefixLists'],
  'ec2.peering': ['ec2.peeringConnections'],
  'ec2.selfManagedNodes': ['ec2.selfManagedNodes'],
  'iam.clusterRole': ['iam.roles'],
  'iam.nodeRoles': ['iam.roles'],
  'iam.s3User': ['iam.users', 'iam.accessKeys'],
  'iam.addonRoles': ['iam.roles'],
  's3.buckets': ['s3'],
  rds: ['rds'],
  elasticache: ['elasticache'],
  ecr: ['ecr'],
  'kube.access': ['kube.disabled', 'kube.access'],
  'kube.lbController': ['kube.lbControllerDeployments', 'kube.serviceAccounts'],
  'kube.secrets': ['kube.secrets'],
  'kube.storageClasses': ['kube.storageClasses'],
  'kube.ingressClasses': ['kube.ingressClasses'],
  'kube.nodes': ['kube.nodes'],
  'kube.csiDrivers': ['kube.csiDrivers', 'kube.serviceAccounts'],
};

/** Always bound: a plan made for one account, region and cluster is never applied to another. */
const ALWAYS = ['target', 'eks.clusterName'];

export function factPaths(needs: Iterable<FactNeed>): string[] {
  const out = new Set(ALWAYS);
  for (const n of needs) for (const p of PATHS[n] ?? []) out.add(p);
  return [...out].sort();
}

function at(inv: Inventory, path: string): unknown {
  let node: unknown = inv;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** JSON with object keys sorted and arrays ordered by their elements' canonical form: the same facts give the same text. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).sort().join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export type BoundFacts = Record<string, unknown>;

/**
 * The caller is not part of the state: a plan reviewed by one person may be applied by another
 * (a CI role) in the same account and region. The account, partition and region are.
 */
function project(path: string, value: unknown): unknown {
  if (path !== 'target' || !value || typeof value !== 'object' || !('value' in value)) return value;
  const t = (value as { value: { accountId: string; partition: string; region: string } }).value;
  return { value: { accountId: t.accountId, partition: t.partition, region: t.region } };
}

/** The facts at these paths, canonical and redacted (null where a path was not collected). */
export function boundFacts(inv: Inventory, paths: readonly string[], redactor: Redactor): BoundFacts {
  const picked: BoundFacts = {};
  for (const p of paths) picked[p] = project(p, at(inv, p)) ?? null;
  return JSON.parse(redactor.text(canonicalJson(picked))) as BoundFacts;
}

export function digestOf(facts: BoundFacts): string {
  return `sha256:${createHash('sha256').update(canonicalJson(facts)).digest('hex')}`;
}

const IDENTITY_KEYS = ['id', 'ruleId', 'arn', 'name', 'associationId', 'key'];

/** The field that names each item of a list (security groups by id, rules by ruleId…), when one does. */
function identityKey(items: readonly unknown[]): string | undefined {
  if (!items.length || !items.every((x) => x && typeof x === 'object' && !Array.isArray(x))) return undefined;
  for (const k of IDENTITY_KEYS) {
    const ids = items.map((x) => (x as Record<string, unknown>)[k]);
    if (ids.every((v) => typeof v === 'string') && new Set(ids).size === ids.length) return k;
  }
  return undefined;
}

const segment = (key: string) => (/^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${key}]`);
const isRecord = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
/** Fact wrappers ({ value }) add no segment to a path. */
const unwrap = (v: unknown): unknown => (isRecord(v) && Object.keys(v).length === 1 && 'value' in v ? v.value : v);

function diff(before: unknown, after: unknown, path: string, out: string[]): void {
  const a = unwrap(before);
  const b = unwrap(after);
  if (canonicalJson(a) === canonicalJson(b)) return;
  if (isRecord(a) && isRecord(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (!(k in b)) out.push(`${path}${segment(k)} (removed)`);
      else if (!(k in a)) out.push(`${path}${segment(k)} (added)`);
      else diff(a[k], b[k], `${path}${segment(k)}`, out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    // Items compared by what names them, when both lists name them the same way (an empty list names nothing).
    const key = identityKey(a.length ? a : b);
    if (key && (!a.length || identityKey(a) === key) && (!b.length || identityKey(b) === key)) {
      const byId = (xs: unknown[]) => new Map(xs.map((x) => [String((x as Record<string, unknown>)[key]), x]));
      const ma = byId(a);
      const mb = byId(b);
      for (const id of new Set([...ma.keys(), ...mb.keys()])) {
        if (!mb.has(id)) out.push(`${path}[${id}] (removed)`);
        else if (!ma.has(id)) out.push(`${path}[${id}] (added)`);
        else diff(ma.get(id), mb.get(id), `${path}[${id}]`, out);
      }
      return;
    }
  }
  out.push(`${path} (changed)`);
}

/** The fact paths whose values differ between two bound states: items added or removed, values changed. */
export function changedPaths(before: BoundFacts, after: BoundFacts): string[] {
  const out: string[] = [];
  for (const p of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (!(p in after)) out.push(`${p} (removed)`);
    else if (!(p in before)) out.push(`${p} (added)`);
    else diff(before[p], after[p], p, out);
  }
  return out.sort();
}
