/**
 * The Kubernetes Secret store scope-bucket-access writes the registry key into. Access is found
 * exactly as the in-cluster checks find it (src/inventory/kube/access.ts: a kube context for the
 * cluster, else an EKS token), and refused when the context reaches another cluster. Requests are
 * counted in the run's apiCalls as `kubernetes:<verb> <resource>`; failures are worded by
 * kubeFactError, which never passes on the client's own text (it can carry request headers).
 */
import type { Inventory } from '../inventory/types.js';
import type { AwsRuntime } from '../inventory/aws/runtime.js';
import type { SecretStore } from './types.js';

export interface SecretStoreInput {
  inventory: Inventory;
  rt: AwsRuntime;
  kubeconfig?: string;
  context?: string;
  env?: NodeJS.ProcessEnv;
}

const status = (err: unknown): number | undefined => {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : undefined;
};

export async function kubeSecretStore(input: SecretStoreInput): Promise<SecretStore | { unavailable: string }> {
  const { inventory: inv } = input;
  if (inv.kube?.disabled) return { unavailable: `there is no cluster access (${inv.kube.disabled})` };
  const cluster = inv.eks?.cluster;
  const clusterName = inv.eks?.clusterName;
  if (!cluster || !clusterName) return { unavailable: 'the cluster was not described, so its API server is unknown' };

  const k8s = await import('@kubernetes/client-node');
  const { planAccess } = await import('../inventory/kube/access.js');
  const { eksToken } = await import('../inventory/kube/eks-token.js');
  const { kubeFactError } = await import('../inventory/kube/errors.js');
  const planned = await planAccess(k8s, {
    clusterName,
    cluster,
    ...(input.kubeconfig ? { kubeconfig: input.kubeconfig } : {}),
    ...(input.context ? { context: input.context } : {}),
    token: () => eksToken(input.rt, clusterName),
    ...(input.env ? { env: input.env } : {}),
  });
  if ('error' in planned) return { unavailable: `there is no cluster access (${planned.error.code}: ${planned.error.message})` };
  const { access, kubeConfig, credentials } = planned.value;
  if (!access.matchesCluster || access.caMatches === false) return { unavailable: `the kube context reaches ${access.server}, not cluster ${clusterName}` };

  const core = kubeConfig.makeApiClient(k8s.CoreV1Api);
  const calls = input.rt.calls;
  const count = (action: string) => {
    calls[`kubernetes:${action}`] = (calls[`kubernetes:${action}`] ?? 0) + 1;
  };
  const scope = (action: string, where: string) => ({ action, where, server: access.server, credentials });
  const fail = (err: unknown, action: string, where: string): Error => new Error(kubeFactError(err, scope(action, where)).message);

  return {
    where: `${access.server} (${credentials})`,
    async namespaceExists(namespace) {
      count('get namespaces');
      try {
        await core.readNamespace({ name: namespace });
        return true;
      } catch (err) {
        if (status(err) === 404) return false;
        // Not allowed to read namespaces: the create below says whether it exists.
        if (status(err) === 403) return true;
        throw fail(err, 'get namespaces', `for ${namespace}`);
      }
    },
    async exists(namespace, name) {
      count('get secrets');
      try {
        await core.readNamespacedSecret({ name, namespace });
        return true;
      } catch (err) {
        if (status(err) === 404) return false;
        throw fail(err, 'get secrets', `in namespace ${namespace}`);
      }
    },
    async create(namespace, name, data, labels) {
      count('create secrets');
      try {
        await core.createNamespacedSecret({ namespace, body: { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, labels }, type: 'Opaque', stringData: data } });
      } catch (err) {
        throw fail(err, 'create secrets', `in namespace ${namespace}`);
      }
    },
  };
}
