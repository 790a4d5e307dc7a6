/**
 * The Kubernetes API requests the in-cluster collector makes, declared once: the collector names
 * its requests (and the `action` of a Forbidden fact) from these, and `permissions` prints the
 * ClusterRole generated from them, so the RBAC the tool asks for is never kept by hand.
 * This module must stay free of the Kubernetes client: `permissions` loads it.
 */
import type { FactNeed } from '../../engine/types.js';

export interface KubeRequest {
  /** RBAC verb. */
  verb: 'get' | 'list';
  /** API group ('' for the core group); absent for a non-resource URL. */
  group?: string;
  /** Resource (plural), or the non-resource URL (`/version`). */
  resource: string;
  /** Namespaced resources are read in one namespace (secrets, service accounts) or across all (deployments). */
  scope: 'cluster' | 'namespace' | 'all-namespaces' | 'non-resource';
  /** The fact needs that make the collector send it. */
  needs: readonly FactNeed[];
  /** Why the tool reads it, for the ClusterRole's comments. */
  why: string;
}

export const KUBE_REQUESTS = {
  version: { verb: 'get', resource: '/version', scope: 'non-resource', needs: ['kube.access'], why: 'the API answers, and its version' },
  deployments: {
    verb: 'list',
    group: 'apps',
    resource: 'deployments',
    scope: 'all-namespaces',
    needs: ['kube.lbController'],
    why: 'the AWS Load Balancer Controller Deployment (label selector app.kubernetes.io/name=aws-load-balancer-controller)',
  },
  serviceAccounts: {
    verb: 'get',
    group: '',
    resource: 'serviceaccounts',
    scope: 'namespace',
    needs: ['kube.lbController', 'kube.csiDrivers'],
    why: 'the IAM role annotation (eks.amazonaws.com/role-arn) of the LB controller and EBS CSI driver service accounts',
  },
  secrets: {
    verb: 'list',
    group: '',
    resource: 'secrets',
    scope: 'namespace',
    needs: ['kube.secrets'],
    why: 'that the existingSecrets the values name exist with their keys (key names only: values are dropped on receipt)',
  },
  storageClasses: { verb: 'list', group: 'storage.k8s.io', resource: 'storageclasses', scope: 'cluster', needs: ['kube.storageClasses'], why: 'a default StorageClass for the PVCs' },
  csiDrivers: { verb: 'list', group: 'storage.k8s.io', resource: 'csidrivers', scope: 'cluster', needs: ['kube.csiDrivers'], why: 'the EBS CSI driver (ebs.csi.aws.com)' },
  ingressClasses: { verb: 'list', group: 'networking.k8s.io', resource: 'ingressclasses', scope: 'cluster', needs: ['kube.ingressClasses'], why: "the IngressClass named by the chart's className" },
  nodes: { verb: 'list', group: '', resource: 'nodes', scope: 'cluster', needs: ['kube.nodes'], why: 'runner nodes (label daytona-sandbox-c=true, taint sandbox=true:NoSchedule, amd64)' },
} as const satisfies Record<string, KubeRequest>;

export type KubeRequestName = keyof typeof KUBE_REQUESTS;

/** `list secrets`, `get /version`: how a request is named in facts (the `action` of a Forbidden error) and in apiCalls. */
export function kubeAction(req: KubeRequest): string {
  return `${req.verb} ${req.resource}`;
}

/** The RBAC rules for a set of requests: one rule per API group, verbs and resources merged. */
export function rbacRules(requests: readonly KubeRequest[]): { apiGroups?: string[]; resources?: string[]; nonResourceURLs?: string[]; verbs: string[] }[] {
  const byGroup = new Map<string, { resources: Set<string>; verbs: Set<string> }>();
  const urls = new Map<string, Set<string>>();
  for (const r of requests) {
    if (r.scope === 'non-resource') {
      urls.set(r.resource, (urls.get(r.resource) ?? new Set()).add(r.verb));
      continue;
    }
    // Rules grant every verb to every resource listed, so group (resource, verb) pairs that line up.
    const key = `${r.group ?? ''}|${r.verb}`;
    const entry = byGroup.get(key) ?? { resources: new Set(), verbs: new Set([r.verb]) };
    entry.resources.add(r.resource);
    byGroup.set(key, entry);
  }
  const rules = [...byGroup.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, e]) => ({ apiGroups: [key.slice(0, key.indexOf('|'))], resources: [...e.resources].sort(), verbs: [...e.verbs] }));
  const nonResource = [...urls.entries()].map(([url, verbs]) => ({ nonResourceURLs: [url], verbs: [...verbs].sort() }));
  return [...rules, ...nonResource];
}

const quote = (s: string) => JSON.stringify(s);

function renderClusterRole(requests: readonly KubeRequest[]): string {
  const lines = [
    '# Read-only access for the daytona-preflight in-cluster checks: exactly the requests its collector makes.',
    ...requests.map((r) => `#   ${kubeAction(r)}${r.group ? ` (${r.group})` : ''}: ${r.why}`),
    '# Secrets are read only in the install namespace (and namespaceOverride, when the values set it): to grant them only there, move the secrets rule into a',
    '# Role in each such namespace (with a RoleBinding) and bind the rest of this ClusterRole cluster-wide.',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    '  name: daytona-preflight',
    '  labels:',
    '    app.kubernetes.io/managed-by: daytona-preflight',
    'rules:',
  ];
  for (const rule of rbacRules(requests)) {
    if (rule.nonResourceURLs) {
      lines.push(`  - nonResourceURLs: [${rule.nonResourceURLs.map(quote).join(', ')}]`);
    } else {
      lines.push(`  - apiGroups: [${rule.apiGroups!.map(quote).join(', ')}]`);
      lines.push(`    resources: [${rule.resources!.map(quote).join(', ')}]`);
    }
    lines.push(`    verbs: [${rule.verbs.map(quote).join(', ')}]`);
  }
  return `${lines.join('\n')}\n`;
}

/** The ClusterRole `permissions` prints (YAML). */
export const CLUSTER_ROLE_YAML: string = renderClusterRole(Object.values(KUBE_REQUESTS));
