/**
 * The in-cluster facts (`collectKube`, loaded by src/inventory/collect.ts only in runs that need
 * kube.* facts): the Kubernetes client is imported here, lazily. Access is settled first (see
 * access.ts); then every read the needs ask for runs at once, each page bounded by the run's
 * deadline. Each read becomes its own Fact, so a 403 on one list makes exactly the checks that need
 * that list `error`. Secrets keep key names only (trim.ts).
 */
import { setMaxListeners } from 'node:events';
import type * as K8s from '@kubernetes/client-node';
import type { FactNeed } from '../../engine/types.js';
import { failed, ok, type Fact, type FactError } from '../fact.js';
import { secretKey, type KubeAccess, type KubeDeployment, type KubeFacts, type KubeNode, type KubeSecretKeys, type KubeServiceAccount, type KubeIngressClass, type KubeStorageClass } from '../types.js';
import { kubeFactsWithError, type KubeCollectInput } from '../collect.js';
import { planAccess, type AccessPlan } from './access.js';
import { eksToken } from './eks-token.js';
import { kubeFactError } from './errors.js';
import { KUBE_REQUESTS, kubeAction, type KubeRequest, type KubeRequestName } from './rbac.js';
import { toDeployment, toIngressClass, toNode, toSecretKeys, toServiceAccount, toStorageClass } from './trim.js';
import { untilAborted } from '../deadline.js';

export const LB_CONTROLLER_SELECTOR = 'app.kubernetes.io/name=aws-load-balancer-controller';
/** The EBS CSI driver's controller service account (add-on and Helm chart alike): its IRSA annotation names its role. */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: 'kube-system', name: 'ebs-csi-controller-sa' } as const;
const PAGE_SIZE = 500;

/** Seams for tests. */
export interface KubeCollectDeps {
  /** Page size asked of list requests (the server may return fewer). */
  pageSize?: number;
  /** Makes the EKS token (default: from the run's AWS credentials). */
  token?: () => Promise<string>;
  /** Where KUBECONFIG and HOME are read (default: process.env). */
  env?: NodeJS.ProcessEnv;
}

interface Page<T> {
  items: T[];
  metadata?: { _continue?: string };
}

type Options = K8s.ConfigurationOptions;

/** One run's API access: every request counted (apiCalls), bound to the deadline, its failure a Fact error. */
class KubeReader {
  constructor(
    private readonly k8s: typeof K8s,
    readonly plan: AccessPlan,
    private readonly signal: AbortSignal,
    private readonly calls: Record<string, number>,
    private readonly pageSize: number,
  ) {}

  api<T extends K8s.ApiType>(type: K8s.ApiConstructor<T>): T {
    return this.plan.kubeConfig.makeApiClient(type);
  }

  /** Per-request options: the deadline's signal goes onto the HTTP request itself. */
  private options(): Options {
    const { Observable } = this.k8s;
    const signal = this.signal;
    return {
      middleware: [
        {
          pre: (ctx) => {
            ctx.setSignal(signal);
            return new Observable(Promise.resolve(ctx));
          },
          post: (res) => new Observable(Promise.resolve(res)),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
  }

  private scope(req: KubeRequest, namespace?: string) {
    const where = req.scope === 'namespace' && namespace ? `in namespace ${namespace}` : req.scope === 'all-namespaces' ? 'in all namespaces' : 'cluster-wide';
    return { action: kubeAction(req), where, server: this.plan.access.server, credentials: this.plan.credentials };
  }

  /** The promise, or a timeout error as soon as the deadline passes (exec credential plugins ignore the signal). */
  private bounded<T>(p: Promise<T>): Promise<T> {
    return untilAborted(p, this.signal, () => {
      throw Object.assign(new Error('deadline reached'), { name: 'AbortError' });
    });
  }

  private count(req: KubeRequest): void {
    const key = `kubernetes:${kubeAction(req)}`;
    this.calls[key] = (this.calls[key] ?? 0) + 1;
  }

  async call<T>(name: KubeRequestName, namespace: string | undefined, send: (options: Options) => Promise<T>): Promise<Fact<T>> {
    const req: KubeRequest = KUBE_REQUESTS[name];
    try {
      this.count(req);
      return ok(await this.bounded(send(this.options())));
    } catch (err) {
      return failed(kubeFactError(err, this.scope(req, namespace)));
    }
  }

  /**
   * Follow `metadata.continue` to the end, trimming each page as it arrives. A continue token that
   * has expired (410 Expired, e.g. after an etcd compaction) restarts the list from the start, once,
   * as the API asks of a client that needs a consistent list.
   */
  async list<I, T>(name: KubeRequestName, namespace: string | undefined, page: (cont: string | undefined, limit: number, options: Options) => Promise<Page<I>>, trim: (item: I) => T): Promise<Fact<T[]>> {
    let out: T[] = [];
    const seen = new Set<string>();
    let cont: string | undefined;
    let restarted = false;
    for (;;) {
      const got = await this.call(name, namespace, (options) => page(cont, this.pageSize, options));
      if ('error' in got) {
        if (cont === undefined || restarted || got.error.code !== 'Expired') return got;
        restarted = true;
        out = [];
        seen.clear();
        cont = undefined;
        continue;
      }
      out.push(...(got.value.items ?? []).map(trim));
      const next = got.value.metadata?._continue || undefined;
      // A token seen before would loop forever.
      if (!next || seen.has(next)) break;
      seen.add(next);
      cont = next;
    }
    return ok(out);
  }
}

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** Which declared requests the needs call for. */
function wants(needs: ReadonlySet<FactNeed>, name: KubeRequestName): boolean {
  return KUBE_REQUESTS[name].needs.some((n) => needs.has(n));
}

async function serviceAccount(r: KubeReader, core: K8s.CoreV1Api, namespace: string, name: string): Promise<Fact<KubeServiceAccount | null>> {
  const got = await r.call('serviceAccounts', namespace, (options) => core.readNamespacedServiceAccount({ namespace, name }, options));
  if ('error' in got) return got.error.code === 'NotFound' ? ok(null) : got;
  return ok(toServiceAccount(got.value));
}

export async function collectKube(input: KubeCollectInput, deps: KubeCollectDeps = {}): Promise<KubeFacts> {
  const { needs, intent } = input;
  const k8s = await import('@kubernetes/client-node');
  const planned = await planAccess(k8s, {
    clusterName: input.clusterName,
    cluster: input.cluster,
    ...(input.kubeconfig ? { kubeconfig: input.kubeconfig } : {}),
    ...(input.context ? { context: input.context } : {}),
    token: deps.token ?? (() => eksToken(input.rt, input.clusterName)),
    ...(deps.env ? { env: deps.env } : {}),
  });
  if ('error' in planned) return kubeFactsWithError(needs, intent, planned.error);
  const plan = planned.value;
  const { access } = plan;

  if (!access.matchesCluster || access.caMatches === false) {
    // The API reached is another cluster's: nothing more is read from it (k8s-access fails and says why).
    const notRead: FactError = { code: 'WrongCluster', message: `not read: ${access.context ? `kube context "${access.context}"` : 'the kube context'} points at ${access.server}, not at cluster ${input.clusterName}` };
    return { ...kubeFactsWithError(needs, intent, notRead), ...(needs.has('kube.access') ? { access: ok(access) } : {}) };
  }

  input.onProgress?.(`reading the Kubernetes API at ${access.server}`);
  // Every request in flight listens to the deadline (as the AWS calls do).
  setMaxListeners(0, input.signal);
  const r = new KubeReader(k8s, plan, input.signal, input.rt.calls, deps.pageSize ?? PAGE_SIZE);
  const core = r.api(k8s.CoreV1Api);
  const storage = r.api(k8s.StorageV1Api);
  const none = Promise.resolve(undefined);

  const accessP = wants(needs, 'version')
    ? r.call('version', undefined, (options) => r.api(k8s.VersionApi).getCode(options)).then((v): Fact<KubeAccess> =>
        'error' in v ? v : ok({ ...access, ...(v.value.gitVersion ? { gitVersion: v.value.gitVersion } : {}) }),
      )
    : none;

  const apps = r.api(k8s.AppsV1Api);
  const deploymentsP: Promise<Fact<KubeDeployment[]> | undefined> = wants(needs, 'deployments')
    ? r.list('deployments', undefined, (cont, limit, options) => apps.listDeploymentForAllNamespaces({ labelSelector: LB_CONTROLLER_SELECTOR, limit, ...(cont ? { _continue: cont } : {}) }, options), toDeployment)
    : none;

  // The LB controller's service accounts once its Deployments are known; the EBS CSI driver's at once.
  const lbAccountsP = deploymentsP.then(async (found) => {
    if (!found || 'error' in found) return [];
    const names = [...new Set(found.value.map((d) => key(d.namespace, d.serviceAccountName ?? 'default')))];
    return Promise.all(names.map(async (k) => [k, await serviceAccount(r, core, k.slice(0, k.indexOf('/')), k.slice(k.indexOf('/') + 1))] as const));
  });
  const ebsAccountP = needs.has('kube.csiDrivers')
    ? serviceAccount(r, core, EBS_CSI_SERVICE_ACCOUNT.namespace, EBS_CSI_SERVICE_ACCOUNT.name).then((f) => [[key(EBS_CSI_SERVICE_ACCOUNT.namespace, EBS_CSI_SERVICE_ACCOUNT.name), f] as const])
    : Promise.resolve([]);

  // One list per namespace the named Secrets live in (namespaceOverride and the release namespace may differ).
  const secretNamespaces = [...new Set(intent.secrets.map((s) => s.namespace))];
  const secretsP: Promise<Map<string, Fact<KubeSecretKeys[]>> | undefined> = wants(needs, 'secrets')
    ? Promise.all(
        secretNamespaces.map(async (namespace) => [namespace, await r.list('secrets', namespace, (cont, limit, options) => core.listNamespacedSecret({ namespace, limit, ...(cont ? { _continue: cont } : {}) }, options), toSecretKeys)] as const),
      ).then((lists) => new Map(lists))
    : none;
  const pageOf = (cont: string | undefined, limit: number) => ({ limit, ...(cont ? { _continue: cont } : {}) });
  const storageClassesP: Promise<Fact<KubeStorageClass[]> | undefined> = wants(needs, 'storageClasses')
    ? r.list('storageClasses', undefined, (cont, limit, options) => storage.listStorageClass(pageOf(cont, limit), options), toStorageClass)
    : none;
  const csiDriversP: Promise<Fact<string[]> | undefined> = wants(needs, 'csiDrivers')
    ? r.list('csiDrivers', undefined, (cont, limit, options) => storage.listCSIDriver(pageOf(cont, limit), options), (d: K8s.V1CSIDriver) => d.metadata?.name ?? '')
    : none;
  const networking = r.api(k8s.NetworkingV1Api);
  const ingressClassesP: Promise<Fact<KubeIngressClass[]> | undefined> = wants(needs, 'ingressClasses')
    ? r.list('ingressClasses', undefined, (cont, limit, options) => networking.listIngressClass(pageOf(cont, limit), options), toIngressClass)
    : none;
  const nodesP: Promise<Fact<KubeNode[]> | undefined> = wants(needs, 'nodes')
    ? r.list('nodes', undefined, (cont, limit, options) => core.listNode(pageOf(cont, limit), options), toNode)
    : none;

  const [accessFact, deployments, lbAccounts, ebsAccount, secrets, storageClasses, csiDrivers, ingressClasses, nodes] = await Promise.all([
    accessP,
    deploymentsP,
    lbAccountsP,
    ebsAccountP,
    secretsP,
    storageClassesP,
    csiDriversP,
    ingressClassesP,
    nodesP,
  ]);

  const facts: KubeFacts = {};
  if (accessFact) facts.access = accessFact;
  if (deployments) facts.lbControllerDeployments = deployments;
  const accounts = [...lbAccounts, ...ebsAccount];
  if (accounts.length) facts.serviceAccounts = Object.fromEntries(accounts);
  if (secrets) facts.secrets = secretFacts(secrets, intent.secrets);
  if (storageClasses) facts.storageClasses = storageClasses;
  if (csiDrivers) facts.csiDrivers = csiDrivers;
  if (ingressClasses) facts.ingressClasses = ingressClasses;
  if (nodes) facts.nodes = nodes;
  return facts;
}

/** Only the Secrets the values name are kept (null when absent): nothing else of the namespaces enters the inventory. */
export function secretFacts(lists: ReadonlyMap<string, Fact<KubeSecretKeys[]>>, wanted: readonly { name: string; namespace: string }[]): Record<string, Fact<KubeSecretKeys | null>> {
  return Object.fromEntries(
    wanted.map(({ name, namespace }) => {
      const list = lists.get(namespace);
      const fact = !list ? failed<KubeSecretKeys | null>({ code: 'NotCollected', message: `secrets in namespace ${namespace} were not listed` }) : 'error' in list ? list : ok(list.value.find((s) => s.name === name) ?? null);
      return [secretKey(namespace, name), fact];
    }),
  );
}
