/**
 * Run the real in-cluster collector (and the real Kubernetes client) against the fake API server,
 * and put its facts beside a fixture inventory's AWS facts, for check tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Check, CheckResult, FactNeed } from '../../src/engine/types.js';
import { runChecks } from '../../src/engine/run.js';
import { KUBE_DISABLED_REASON } from '../../src/inventory/collect.js';
import { ok, type Fact } from '../../src/inventory/fact.js';
import type { EksCluster, Inventory, KubeFacts } from '../../src/inventory/types.js';
import type { Intent } from '../../src/values/types.js';
import { AwsRuntime } from '../../src/inventory/aws/runtime.js';
import { collectKube, type KubeCollectDeps } from '../../src/inventory/kube/collect.js';
import { fixtureInventory } from '../helpers/intent.js';
import { startFakeKube, type FakeKube, type FakeKubeOptions } from './server.js';
import { readyCluster, readyIntent } from './scenarios.js';

export const ALL_KUBE_NEEDS: FactNeed[] = ['kube.access', 'kube.lbController', 'kube.secrets', 'kube.storageClasses', 'kube.ingressClasses', 'kube.nodes', 'kube.csiDrivers'];

/** An environment that sees no kubeconfig of the machine running the tests. */
export function isolatedKubeEnv(kubeconfig?: string): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'kube-home-'));
  return { HOME: home, ...(kubeconfig ? { KUBECONFIG: kubeconfig } : { KUBECONFIG: join(home, 'none') }) };
}

/** DescribeCluster's answer for a cluster whose API server is the fake. */
export function clusterAt(fake: FakeKube, over: Partial<EksCluster> = {}): EksCluster {
  return {
    name: 'daytona',
    arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/daytona',
    status: 'ACTIVE',
    version: '1.31',
    roleArn: 'arn:aws:iam::111122223333:role/daytona-cluster',
    endpoint: fake.url,
    ...(fake.caData ? { certificateAuthority: fake.caData } : {}),
    vpcId: 'vpc-0a1b2c3d',
    subnetIds: ['subnet-0a', 'subnet-0b'],
    securityGroupIds: [],
    ...over,
  };
}

export interface CollectAgainst {
  intent: Intent;
  needs?: readonly FactNeed[];
  /** DescribeCluster's answer (default: the fake's endpoint and CA). */
  cluster?: Fact<EksCluster | null>;
  /** A kubeconfig file, or one written for the fake (default: the fake's own, with its token); null for none. */
  kubeconfig?: string | null | ((fake: FakeKube) => string);
  context?: string;
  signal?: AbortSignal;
  deps?: KubeCollectDeps;
}

/** The facts collectKube gathers from the fake, with the run's call ledger. */
export async function collectAgainst(fake: FakeKube, o: CollectAgainst): Promise<{ kube: KubeFacts; calls: Record<string, number> }> {
  const signal = o.signal ?? new AbortController().signal;
  const rt = new AwsRuntime({ region: 'eu-west-1' }, signal, async () => {
    throw new Error('this test reaches no AWS service');
  });
  const kubeconfig = o.kubeconfig === null ? undefined : typeof o.kubeconfig === 'function' ? o.kubeconfig(fake) : (o.kubeconfig ?? fake.kubeconfig());
  const kube = await collectKube(
    {
      needs: new Set(o.needs ?? ALL_KUBE_NEEDS),
      intent: o.intent,
      clusterName: 'daytona',
      cluster: o.cluster ?? ok(clusterAt(fake)),
      region: 'eu-west-1',
      rt,
      signal,
      ...(kubeconfig ? { kubeconfig } : {}),
      ...(o.context ? { context: o.context } : {}),
    },
    { env: isolatedKubeEnv(), ...o.deps },
  );
  return { kube, calls: rt.calls };
}

/**
 * A fixture inventory (fixtures/inventories/k8s/<scenario>.json: the AWS side) with its cluster
 * endpoint and CA pointed at the fake, and the in-cluster facts the collector read from the fake.
 */
export async function inventoryAgainst(fake: FakeKube, scenario: string, o: Omit<CollectAgainst, 'cluster'> & { editAws?: (inv: Inventory) => void }): Promise<Inventory> {
  const inv = fixtureInventory('k8s', scenario);
  const described = inv.eks?.cluster;
  if (described && 'value' in described && described.value) {
    described.value.endpoint = fake.url;
    if (fake.caData) described.value.certificateAuthority = fake.caData;
  }
  o.editAws?.(inv);
  const { kube } = await collectAgainst(fake, { ...o, ...(inv.eks?.cluster ? { cluster: inv.eks.cluster } : {}) });
  return { ...inv, kube };
}

export interface CheckAgainst extends Omit<CollectAgainst, 'intent' | 'cluster'> {
  /** The fake API server's objects and behaviour (default: the ready cluster). */
  server?: FakeKubeOptions;
  /** fixtures/inventories/k8s/<scenario>.json for the AWS side (default 'ready'). */
  scenario?: string;
  intent?: Intent;
  editAws?: (inv: Inventory) => void;
}

/**
 * Start the fake with the scenario's objects, collect through the real client, run the checks
 * through the engine (dependencies first, as `check` does) and return every result by id.
 */
export async function checksAgainst(checks: readonly Check[], o: CheckAgainst = {}): Promise<{ results: Record<string, CheckResult>; inventory: Inventory; fake: FakeKube }> {
  const fake = await startFakeKube({ objects: readyCluster(), ...o.server });
  try {
    const intent = o.intent ?? readyIntent();
    const inventory = await inventoryAgainst(fake, o.scenario ?? 'ready', { ...o, intent });
    const results = Object.fromEntries(runChecks(checks, intent, inventory).map((r) => [r.id, r]));
    return { results, inventory, fake };
  } finally {
    await fake.close();
  }
}

/** The result of `check` (run after `before`, which it may depend on). */
export async function checkAgainst(check: Check, o: CheckAgainst = {}, before: readonly Check[] = []): Promise<CheckResult> {
  return (await checksAgainst([...before, check], o)).results[check.id]!;
}

/** The AWS side of a scenario, with the in-cluster checks disabled as --no-kube does. */
export function withoutKube(scenario = 'ready', edit?: (inv: Inventory) => void): Inventory {
  const inv = fixtureInventory('k8s', scenario);
  edit?.(inv);
  return { ...inv, kube: { disabled: KUBE_DISABLED_REASON } };
}
