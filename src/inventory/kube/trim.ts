/**
 * From Kubernetes objects (as the client deserializes them) to the trimmed facts the checks read.
 * Secrets keep their key NAMES only: `data` and `stringData` are dropped here, on receipt, so no
 * value reaches the inventory, a snapshot or a report.
 */
import type { KubeDeployment, KubeIngressClass, KubeNode, KubeSecretKeys, KubeServiceAccount, KubeStorageClass, Taint } from '../types.js';

interface Meta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export const DEFAULT_STORAGE_CLASS_ANNOTATIONS = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'];
export const DEFAULT_INGRESS_CLASS_ANNOTATION = 'ingressclass.kubernetes.io/is-default-class';
/** Annotations kept on service accounts: the IAM ones (IRSA role, STS settings); the rest can be large (last-applied-configuration). */
const KEPT_SA_ANNOTATION = /^eks\.amazonaws\.com\//;

export function toDeployment(d: { metadata?: Meta; spec?: { replicas?: number; template?: { spec?: { serviceAccountName?: string } } }; status?: { availableReplicas?: number } }): KubeDeployment {
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    // The API defaults spec.replicas to 1; an absent count in status means none is available.
    replicas: d.spec?.replicas ?? 1,
    availableReplicas: d.status?.availableReplicas ?? 0,
    serviceAccountName: d.spec?.template?.spec?.serviceAccountName || 'default',
  };
}

export function toServiceAccount(sa: { metadata?: Meta }): KubeServiceAccount {
  const annotations = Object.fromEntries(Object.entries(sa.metadata?.annotations ?? {}).filter(([k]) => KEPT_SA_ANNOTATION.test(k)));
  return { namespace: sa.metadata?.namespace ?? '', name: sa.metadata?.name ?? '', annotations };
}

/** Key names only; the values never leave this function. */
export function toSecretKeys(s: { metadata?: Meta; type?: string; data?: Record<string, unknown>; stringData?: Record<string, unknown> }): KubeSecretKeys {
  const keys = [...new Set([...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})])].sort();
  return { name: s.metadata?.name ?? '', ...(s.type ? { type: s.type } : {}), keys };
}

/** Exactly "true": the API server's admission plugins compare the string (`True` does not make a default). */
const isTrue = (v: string | undefined) => v === 'true';

export function toStorageClass(sc: { metadata?: Meta; provisioner?: string }): KubeStorageClass {
  const a = sc.metadata?.annotations ?? {};
  return { name: sc.metadata?.name ?? '', provisioner: sc.provisioner ?? '', isDefault: DEFAULT_STORAGE_CLASS_ANNOTATIONS.some((k) => isTrue(a[k])) };
}

export function toIngressClass(ic: { metadata?: Meta; spec?: { controller?: string } }): KubeIngressClass {
  return { name: ic.metadata?.name ?? '', controller: ic.spec?.controller ?? '', isDefault: isTrue(ic.metadata?.annotations?.[DEFAULT_INGRESS_CLASS_ANNOTATION]) };
}

export function toNode(n: {
  metadata?: Meta;
  spec?: { taints?: { key?: string; value?: string; effect?: string }[]; unschedulable?: boolean };
  status?: { nodeInfo?: { architecture?: string }; conditions?: { type?: string; status?: string }[] };
}): KubeNode {
  const labels = { ...(n.metadata?.labels ?? {}) };
  const taints: Taint[] = (n.spec?.taints ?? []).map((t) => ({ key: t.key ?? '', ...(t.value !== undefined ? { value: t.value } : {}), effect: t.effect ?? '' }));
  const architecture = n.status?.nodeInfo?.architecture ?? labels['kubernetes.io/arch'];
  const ready = (n.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
  return { name: n.metadata?.name ?? '', labels, taints, ...(architecture ? { architecture } : {}), ready };
}
