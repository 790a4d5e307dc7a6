import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { mockClient } from 'aws-sdk-client-mock';
import { EKSClient, ListClustersCommand } from '@aws-sdk/client-eks';
import { clusterNotFoundError, discoverCluster, parseEksClusterArn, readKubeconfig, regionFromEksServer } from '../../../src/inventory/aws/discovery.js';
import { UsageError } from '../../../src/cli/errors.js';
import { accessDeniedException, paged, testRuntime } from '../../helpers/aws-mocks.js';

const ARN = 'arn:aws:eks:eu-west-1:123456789012:cluster/daytona';

/** What `aws eks update-kubeconfig --name daytona --region eu-west-1` writes. */
const AWS_CLI_KUBECONFIG = `
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority-data: LS0tLS1CRUdJTg==
    server: https://ABCDEF0123456789.gr7.eu-west-1.eks.amazonaws.com
  name: ${ARN}
contexts:
- context:
    cluster: ${ARN}
    user: ${ARN}
  name: ${ARN}
current-context: ${ARN}
preferences: {}
users:
- name: ${ARN}
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [--region, eu-west-1, eks, get-token, --cluster-name, daytona, --output, json]
`;

/** What eksctl writes: names that are not ARNs, the cluster in the exec args. */
const EKSCTL_KUBECONFIG = `
apiVersion: v1
kind: Config
clusters:
- cluster:
    server: https://FEDCBA9876543210.yl4.us-west-2.eks.amazonaws.com
  name: staging.us-west-2.eksctl.io
contexts:
- context:
    cluster: staging.us-west-2.eksctl.io
    user: ci@staging.us-west-2.eksctl.io
  name: ci@staging.us-west-2.eksctl.io
current-context: ci@staging.us-west-2.eksctl.io
users:
- name: ci@staging.us-west-2.eksctl.io
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: aws
      args: [eks, get-token, --output, json, --cluster-name, staging]
      env:
      - name: AWS_STS_REGIONAL_ENDPOINTS
        value: regional
`;

const KIND_KUBECONFIG = `
apiVersion: v1
kind: Config
clusters:
- cluster: { server: 'https://127.0.0.1:6443' }
  name: kind-dev
contexts:
- context: { cluster: kind-dev, user: kind-dev }
  name: kind-dev
current-context: kind-dev
users:
- name: kind-dev
  user: { token: abc }
`;

let dir: string;
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dp-kube-'));
});

describe('EKS cluster ARNs and server URLs', () => {
  it('parses the ARN in every partition', () => {
    expect(parseEksClusterArn(ARN)).toEqual({ partition: 'aws', region: 'eu-west-1', accountId: '123456789012', name: 'daytona' });
    expect(parseEksClusterArn('arn:aws-us-gov:eks:us-gov-west-1:123456789012:cluster/gov')?.region).toBe('us-gov-west-1');
    expect(parseEksClusterArn('arn:aws-cn:eks:cn-north-1:123456789012:cluster/cn-1')?.name).toBe('cn-1');
    expect(parseEksClusterArn('kind-dev')).toBeUndefined();
    expect(parseEksClusterArn('arn:aws:iam::123456789012:role/x')).toBeUndefined();
  });

  it('reads the region from an EKS API server URL', () => {
    expect(regionFromEksServer('https://ABC.gr7.eu-west-1.eks.amazonaws.com')).toBe('eu-west-1');
    expect(regionFromEksServer('https://ABC.yl4.cn-north-1.eks.amazonaws.com.cn')).toBe('cn-north-1');
    expect(regionFromEksServer('https://127.0.0.1:6443')).toBeUndefined();
  });
});

describe('which cluster a run is about', () => {
  it('--cluster wins over the kube context', () => {
    const kubeconfig = file('config', AWS_CLI_KUBECONFIG);
    expect(discoverCluster({ cluster: 'other' }, { KUBECONFIG: kubeconfig })).toEqual({ cluster: { name: 'other', source: 'flag' } });
  });

  it('--cluster naming the context cluster also takes its region', () => {
    const kubeconfig = file('config', AWS_CLI_KUBECONFIG);
    expect(discoverCluster({ cluster: 'daytona' }, { KUBECONFIG: kubeconfig })).toEqual({ cluster: { name: 'daytona', region: 'eu-west-1', source: 'flag' } });
  });

  it('takes the cluster and region from a current context named by its ARN (aws eks update-kubeconfig)', () => {
    const kubeconfig = file('config', AWS_CLI_KUBECONFIG);
    expect(discoverCluster({}, { KUBECONFIG: kubeconfig })).toEqual({
      cluster: { name: 'daytona', region: 'eu-west-1', accountId: '123456789012', source: 'kubeconfig', context: ARN },
    });
  });

  it('takes the cluster from the exec plugin args and the region from the server URL (eksctl)', () => {
    const kubeconfig = file('config', EKSCTL_KUBECONFIG);
    expect(discoverCluster({ kubeconfig }, {})).toEqual({ cluster: { name: 'staging', region: 'us-west-2', source: 'kubeconfig', context: 'ci@staging.us-west-2.eksctl.io' } });
  });

  it('merges KUBECONFIG files as kubectl does (first file to name an entry wins) and honours --context', () => {
    const a = file('a', KIND_KUBECONFIG);
    const b = file('b', AWS_CLI_KUBECONFIG);
    const env = { KUBECONFIG: [a, join(dir, 'missing'), b].join(delimiter) };
    expect(readKubeconfig(undefined, env)?.currentContext).toBe('kind-dev');
    expect(discoverCluster({}, env)).toEqual({ note: "kube context 'kind-dev' does not point at an EKS cluster" });
    expect(discoverCluster({ context: ARN }, env).cluster).toMatchObject({ name: 'daytona', region: 'eu-west-1', context: ARN });
  });

  it('reads ~/.kube/config when KUBECONFIG is unset, and says so when there is none', () => {
    expect(discoverCluster({}, { HOME: dir })).toEqual({ note: 'no kubeconfig found' });
    mkdirSync(join(dir, '.kube'));
    file('.kube/config', AWS_CLI_KUBECONFIG);
    expect(discoverCluster({}, { HOME: dir }).cluster).toMatchObject({ name: 'daytona', region: 'eu-west-1' });
  });

  it('with --cluster, a kubeconfig the run does not use cannot stop it', () => {
    const broken = file('broken', 'contexts: [\n  - name: x\n    context: {cluster: ');
    expect(discoverCluster({ cluster: 'daytona' }, { KUBECONFIG: broken })).toEqual({ cluster: { name: 'daytona', source: 'flag' } });
    expect(discoverCluster({ cluster: 'daytona', context: 'nope', kubeconfig: join(dir, 'absent') }, {}, { useKube: false }).cluster?.name).toBe('daytona');
    expect(() => discoverCluster({ cluster: 'daytona', context: 'nope', kubeconfig: join(dir, 'absent') }, {}, { useKube: true })).toThrow(/cannot read kubeconfig/);
  });

  it('is a usage error for an unknown --context, a missing --kubeconfig or a malformed file', () => {
    const kubeconfig = file('config', AWS_CLI_KUBECONFIG);
    expect(() => discoverCluster({ context: 'nope' }, { KUBECONFIG: kubeconfig })).toThrow(UsageError);
    expect(() => discoverCluster({ context: 'nope' }, { KUBECONFIG: kubeconfig })).toThrow(/kube context 'nope' not found/);
    expect(() => discoverCluster({ kubeconfig: join(dir, 'absent') }, {})).toThrow(/cannot read kubeconfig .*absent: ENOENT/);
    const broken = file('broken', 'contexts: [\n  - name: x\n    context: {cluster: ');
    expect(() => discoverCluster({ kubeconfig: broken }, {})).toThrow(/is not valid YAML/);
  });
});

describe('a cluster that does not exist', () => {
  let eks: ReturnType<typeof mockClient>;
  beforeEach(() => {
    eks = mockClient(EKSClient);
  });
  afterEach(() => eks.restore());

  it('names the region and every cluster there (all pages)', async () => {
    eks.on(ListClustersCommand).callsFake(paged([{ clusters: ['prod', 'daytona-staging'] }, { clusters: ['analytics'] }], 'nextToken'));
    const err = await clusterNotFoundError(testRuntime({ region: 'eu-west-1' }), 'daytona');
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('cluster daytona not found in eu-west-1; clusters here: analytics, daytona-staging, prod. Pass --cluster and --region for the cluster to check.');
  });

  it('says when the region has none, or when they cannot be listed', async () => {
    eks.on(ListClustersCommand).resolves({ clusters: [] });
    expect((await clusterNotFoundError(testRuntime(), 'x')).message).toMatch(/there are no EKS clusters in this region/);
    eks.on(ListClustersCommand).rejects(accessDeniedException());
    expect((await clusterNotFoundError(testRuntime(), 'x')).message).toMatch(/could not list the clusters here: AccessDenied on eks:ListClusters/);
  });
});
