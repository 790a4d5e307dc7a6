/**
 * The cluster of a ready Daytona install, as Kubernetes objects for the fake API server, and the
 * Intent of the values it is checked against. Breakers are the ready cluster minus one thing.
 */
import type { Intent } from '../../src/values/types.js';
import { makeIntent } from '../helpers/intent.js';
import { csiDriver, deployment, ingressClass, node, secret, serviceAccount, storageClass, type KubeObject } from './server.js';

export const NS = 'daytona';
export const ACCOUNT = '111122223333';
export const LB_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/lb-controller-role`;
export const EBS_ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/ebs-csi-role`;
/** Values that must never leave the cluster: tests look for them in facts, reports and snapshots. */
export const SECRET_VALUES = ['db-Pa55word-never-shown', 'AKIAFAKEHARBORKEY0001', 'harbor-s3-secret-key-never-shown'];

export const LB_LABELS = { 'app.kubernetes.io/name': 'aws-load-balancer-controller', 'app.kubernetes.io/instance': 'aws-load-balancer-controller' };
export const RUNNER_TAINT = { key: 'sandbox', value: 'true', effect: 'NoSchedule' };

export function readyCluster(): KubeObject[] {
  return [
    deployment('kube-system', 'aws-load-balancer-controller', { labels: LB_LABELS, replicas: 2, available: 2, serviceAccountName: 'aws-load-balancer-controller' }),
    deployment('kube-system', 'coredns', { labels: { 'k8s-app': 'kube-dns' } }),
    serviceAccount('kube-system', 'aws-load-balancer-controller', { 'eks.amazonaws.com/role-arn': LB_ROLE_ARN }),
    serviceAccount('kube-system', 'ebs-csi-controller-sa', { 'eks.amazonaws.com/role-arn': EBS_ROLE_ARN }),
    secret(NS, 'daytona-db', { 'database-password': SECRET_VALUES[0]! }),
    secret(NS, 'harbor-s3', { REGISTRY_STORAGE_S3_ACCESSKEY: SECRET_VALUES[1]!, REGISTRY_STORAGE_S3_SECRETKEY: SECRET_VALUES[2]! }),
    secret(NS, 'unrelated', { token: 'not-asked-for' }),
    storageClass('gp2', 'kubernetes.io/aws-ebs'),
    storageClass('gp3', 'ebs.csi.aws.com', true),
    ingressClass('nginx', 'k8s.io/ingress-nginx'),
    ingressClass('alb', 'ingress.k8s.aws/alb'),
    csiDriver('ebs.csi.aws.com'),
    csiDriver('efs.csi.aws.com'),
    node('ip-10-0-1-10.eu-west-1.compute.internal'),
    node('ip-10-0-1-11.eu-west-1.compute.internal'),
    node('ip-10-0-2-20.eu-west-1.compute.internal', { labels: { 'daytona-sandbox-c': 'true' }, taints: [RUNNER_TAINT] }),
  ];
}

/** The ready cluster without the objects `drop` matches. */
export function readyClusterWithout(drop: (o: KubeObject) => boolean): KubeObject[] {
  return readyCluster().filter((o) => !drop(o));
}

/** The values of the install: external DB password and Harbor S3 keys in Secrets, PVCs on the default class, nginx ingress, runner on, SSH gateway LoadBalancer. */
export function readyIntent(patch: Partial<Intent> = {}): Intent {
  return makeIntent({
    namespace: NS,
    secrets: [
      { name: 'daytona-db', namespace: NS, keys: ['database-password'], path: 'externalDatabase.existingSecret', purpose: 'password of the external database' },
      { name: 'harbor-s3', namespace: NS, keys: ['REGISTRY_STORAGE_S3_ACCESSKEY', 'REGISTRY_STORAGE_S3_SECRETKEY'], path: 'harbor.persistence.imageChartStorage.s3.existingSecret', purpose: "S3 credentials of Harbor's registry" },
    ],
    pvcs: [
      { component: 'redis.master', size: '8Gi' },
      { component: 'harbor.database', size: '1Gi' },
    ],
    ingress: { classNames: ['nginx'], withoutClass: [] },
    ...patch,
  });
}
