/**
 * Regenerate fixtures/demo/snapshot.json: the real collectors run, through the CLI
 * (`check --save-snapshot`), against the fake AWS account of fixtures/accounts/demo.json and the fake
 * Kubernetes API server holding the demo cluster below. The snapshot is therefore exactly what a
 * live run on such an account saves, and stays in step with the collectors: test/demo.test.ts
 * regenerates it and compares.
 *
 *   node --import tsx scripts/demo-snapshot.ts [out]     (default: fixtures/demo/snapshot.json)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { installFakeAws, loadAccount, runCli } from '../test/fake-aws/index.js';
import { isolatedKubeEnv } from '../test/kube-fake/harness.js';
import { RUNNER_TAINT } from '../test/kube-fake/scenarios.js';
import { csiDriver, deployment, ingressClass, node, secret, serviceAccount, startFakeKube, storageClass, type KubeObject } from '../test/kube-fake/server.js';

export const DEMO_DIR = fileURLToPath(new URL('../fixtures/demo/', import.meta.url));
export const DEMO_VALUES = `${DEMO_DIR}values.yaml`;
export const DEMO_SNAPSHOT = `${DEMO_DIR}snapshot.json`;
export const DEMO_CLUSTER = 'acme-daytona';
export const DEMO_REGION = 'eu-west-1';
/** What the snapshot shows as the cluster's API server (the fake's 127.0.0.1 address is replaced by it). */
const DEMO_ENDPOINT = 'https://4F2A9C1E7B3D5A8F0E6C2B9D1A7F3E5C.gr7.eu-west-1.eks.amazonaws.com';
const ACCOUNT = '111122223333';
const NS = 'daytona';
const LB = { 'app.kubernetes.io/name': 'aws-load-balancer-controller', 'app.kubernetes.io/instance': 'aws-load-balancer-controller' };

/** The demo cluster: the LB controller and EBS CSI driver installed, the Redis password Secret forgotten. */
function demoCluster(): KubeObject[] {
  return [
    deployment('kube-system', 'aws-load-balancer-controller', { labels: LB, replicas: 2, available: 2, serviceAccountName: 'aws-load-balancer-controller' }),
    serviceAccount('kube-system', 'aws-load-balancer-controller'),
    serviceAccount('kube-system', 'ebs-csi-controller-sa', { 'eks.amazonaws.com/role-arn': `arn:aws:iam::${ACCOUNT}:role/ebs-csi-role` }),
    secret(NS, 'daytona-db', { 'database-password': 'demo-db-password-not-real' }),
    secret(NS, 'harbor-s3-secret', { REGISTRY_STORAGE_S3_ACCESSKEY: 'AKIAFAKEEXAMPLE00001', REGISTRY_STORAGE_S3_SECRETKEY: 'demo-s3-secret-not-real' }),
    secret(NS, 'daytona.acme-analytics.example-tls', { 'tls.crt': '-----BEGIN CERTIFICATE-----', 'tls.key': 'demo-tls-key-not-real' }, 'kubernetes.io/tls'),
    storageClass('gp2', 'kubernetes.io/aws-ebs'),
    storageClass('gp3', 'ebs.csi.aws.com', true),
    ingressClass('nginx', 'k8s.io/ingress-nginx', true),
    csiDriver('ebs.csi.aws.com'),
    node('ip-10-40-1-10.eu-west-1.compute.internal'),
    node('ip-10-40-2-11.eu-west-1.compute.internal'),
    node('ip-10-40-1-20.eu-west-1.compute.internal', { labels: { 'daytona-sandbox-c': 'true' }, taints: [RUNNER_TAINT] }),
  ];
}

/** Collect the demo account into `out`; returns the CLI's exit code and stderr. */
export async function writeDemoSnapshot(out: string): Promise<{ code: number; stderr: string }> {
  const kube = await startFakeKube({ objects: demoCluster(), gitVersion: 'v1.33.5-eks-3cfe0ce' });
  const account = loadAccount('demo');
  account.eks.clusters[0]!.endpoint = kube.url;
  if (kube.caData) account.eks.clusters[0]!.ca = kube.caData;
  const aws = installFakeAws(account);
  const env = isolatedKubeEnv();
  const saved = { HOME: process.env.HOME, KUBECONFIG: process.env.KUBECONFIG };
  Object.assign(process.env, env);
  try {
    const run = await runCli(['check', '--values', DEMO_VALUES, '--cluster', DEMO_CLUSTER, '--region', DEMO_REGION,
      '--kubeconfig', kube.kubeconfig({ context: DEMO_CLUSTER }), '--output', 'json', '--save-snapshot', out]);
    // The snapshot names the API server it read; show the cluster's real-looking endpoint, not the fake's port.
    writeFileSync(out, readFileSync(out, 'utf8').replaceAll(kube.url, DEMO_ENDPOINT));
    return { code: run.code, stderr: run.stderr };
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
    aws.restore();
    await kube.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? DEMO_SNAPSHOT;
  const { code, stderr } = await writeDemoSnapshot(out);
  if (stderr.trim()) process.stderr.write(stderr);
  process.stdout.write(`wrote ${out} (the demo run exits ${code})\n`);
}
