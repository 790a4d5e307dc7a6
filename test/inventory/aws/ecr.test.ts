import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { DescribeImagesCommand, DescribeRepositoriesCommand, ECRClient, GetRepositoryPolicyCommand, type Repository } from '@aws-sdk/client-ecr';
import { ACTIONS, collectEcr } from '../../../src/inventory/aws/ecr.js';
import { ecrRepositoryName } from '../../../src/values/ecr.js';
import type { EcrFacts, PolicyDocument } from '../../../src/inventory/types.js';
import type { EcrRegistry } from '../../../src/values/types.js';
import { ACCOUNT, accessDeniedException, awsError, httpRuntime, testRuntime, actionsNamedIn } from '../../helpers/aws-mocks.js';

type Stub = AwsStub<any, any, any>;

const REGISTRY_ACCOUNT = '210987654321';
const HOST = `${ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`;
const REGISTRY: EcrRegistry = { host: HOST, accountId: ACCOUNT, region: 'eu-west-1', prefix: '' };
const FOREIGN: EcrRegistry = { host: `${REGISTRY_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`, accountId: REGISTRY_ACCOUNT, region: 'eu-west-1', prefix: '' };

const IMAGES = [
  { repository: 'daytonaio/daytona-api', tag: 'v0.168.4-k8s-oss-amd64' },
  { repository: 'daytonaio/daytona-proxy', tag: 'v0.168.4-k8s-oss-amd64' },
  { repository: 'library/busybox', tag: 'latest' },
  { repository: 'library/busybox', tag: '1.37' },
];

function repo(name: string, registry: EcrRegistry = REGISTRY): Repository {
  return { repositoryName: name, registryId: registry.accountId, repositoryArn: `arn:aws:ecr:${registry.region}:${registry.accountId}:repository/${name}`, repositoryUri: `${registry.host}/${name}` };
}

const notFound = (name: string) => awsError('RepositoryNotFoundException', `The repository with name '${name}' does not exist in the registry with id '${ACCOUNT}'`);
const imageNotFound = () => awsError('ImageNotFoundException', "The image with imageId {imageDigest:'null', imageTag:'1.37'} does not exist within the repository");

/** Answers DescribeRepositories from `existing`, failing as ECR does when any asked name is missing. */
function givenRepositories(ecr: Stub, existing: string[], registry: EcrRegistry = REGISTRY): void {
  ecr.on(DescribeRepositoriesCommand).callsFake(async (input: { repositoryNames: string[] }) => {
    const missing = input.repositoryNames.find((n) => !existing.includes(n));
    if (missing) throw notFound(missing);
    return { repositories: input.repositoryNames.map((n) => repo(n, registry)) };
  });
}

/** Answers DescribeImages from `tags` per repository, failing as ECR does when any asked tag is missing. */
function givenImages(ecr: Stub, tags: Record<string, string[]>, archived: string[] = []): void {
  ecr.on(DescribeImagesCommand).callsFake(async (input: { repositoryName: string; imageIds: { imageTag: string }[] }) => {
    const have = tags[input.repositoryName];
    if (!have) throw notFound(input.repositoryName);
    if (input.imageIds.some((id) => !have.includes(id.imageTag))) throw imageNotFound();
    return { imageDetails: input.imageIds.map((id) => ({ imageTags: [id.imageTag], imageDigest: `sha256:${id.imageTag}`, ...(archived.includes(id.imageTag) ? { imageStatus: 'ARCHIVED' } : { imageStatus: 'ACTIVE' }) })) };
  });
}

let ecr: Stub;
beforeEach(() => {
  ecr = mockClient(ECRClient);
});
afterEach(() => ecr.restore());

const ALL = ['daytonaio/daytona-api', 'daytonaio/daytona-proxy', 'library/busybox'];

describe('ecr ACTIONS', () => {
  it('declares exactly the IAM actions the collector names, so the permissions policy covers every call', () => {
    expect([...ACTIONS].sort()).toEqual(actionsNamedIn('src/inventory/aws/ecr.ts'));
  });
});

describe('collectEcr', () => {
  it('reads every repository in one DescribeRepositories call and the wanted tags with one DescribeImages per repository, in the registry’s region and account', async () => {
    givenImages(ecr, { 'daytonaio/daytona-api': ['v0.168.4-k8s-oss-amd64'], 'daytonaio/daytona-proxy': ['v0.168.4-k8s-oss-amd64'], 'library/busybox': ['latest', '1.37'] });
    const regions = new Set<string>();
    ecr.on(DescribeRepositoriesCommand).callsFake(async (input: { repositoryNames: string[] }, getClient: () => { config: { region: () => Promise<string> } }) => {
      regions.add(await getClient().config.region());
      return { repositories: input.repositoryNames.map((n) => repo(n)) };
    });
    const rt = testRuntime();

    const facts = await collectEcr(rt, REGISTRY, IMAGES, { callerAccountId: ACCOUNT });

    expect(facts).toEqual<EcrFacts>({
      registryId: ACCOUNT,
      region: 'eu-west-1',
      repositories: {
        'daytonaio/daytona-api': { value: { name: 'daytonaio/daytona-api', arn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/daytonaio/daytona-api`, uri: `${HOST}/daytonaio/daytona-api`, presentTags: { value: ['v0.168.4-k8s-oss-amd64'] } } },
        'daytonaio/daytona-proxy': { value: { name: 'daytonaio/daytona-proxy', arn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/daytonaio/daytona-proxy`, uri: `${HOST}/daytonaio/daytona-proxy`, presentTags: { value: ['v0.168.4-k8s-oss-amd64'] } } },
        'library/busybox': { value: { name: 'library/busybox', arn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/library/busybox`, uri: `${HOST}/library/busybox`, presentTags: { value: ['latest', '1.37'] } } },
      },
    });
    expect(rt.calls).toEqual({ 'ecr:DescribeRepositories': 1, 'ecr:DescribeImages': 3 });
    for (const action of Object.keys(rt.calls)) expect(ACTIONS).toContain(action);
    expect(ecr.commandCalls(DescribeRepositoriesCommand)[0]?.args[0].input).toEqual({ registryId: ACCOUNT, repositoryNames: ALL });
    expect(ecr.commandCalls(DescribeImagesCommand, { repositoryName: 'library/busybox' })[0]?.args[0].input).toEqual({ registryId: ACCOUNT, repositoryName: 'library/busybox', imageIds: [{ imageTag: 'latest' }, { imageTag: '1.37' }] });
    // The registry is in eu-west-1, the run in us-east-1: its own client.
    expect([...regions]).toEqual(['eu-west-1']);
  });

  it('looks repositories up under the registry’s path prefix, keyed by their ECR name as the checks resolve it', async () => {
    const mirror = { ...REGISTRY, host: `${HOST}/mirror`, prefix: 'mirror' };
    const image = { repository: 'daytonaio/daytona-api', tag: 'v1' };
    givenRepositories(ecr, ['mirror/daytonaio/daytona-api'], mirror);
    givenImages(ecr, { 'mirror/daytonaio/daytona-api': ['v1'] });

    const facts = await collectEcr(testRuntime(), mirror, [image], { callerAccountId: ACCOUNT });

    expect(Object.keys(facts.repositories)).toEqual([ecrRepositoryName(image, mirror)]);
    expect(facts.repositories['mirror/daytonaio/daytona-api']).toEqual({ value: expect.objectContaining({ name: 'mirror/daytonaio/daytona-api', presentTags: { value: ['v1'] } }) });
  });

  it('reports a repository missing at its exact path as null: one call for all, then one per name only because one is missing', async () => {
    // `daytona-api` exists without its path: that is not the repository the chart pulls.
    givenRepositories(ecr, ['daytonaio/daytona-api', 'library/busybox', 'daytona-proxy']);
    givenImages(ecr, { 'daytonaio/daytona-api': ['v0.168.4-k8s-oss-amd64'], 'library/busybox': ['latest', '1.37'] });
    const rt = testRuntime();

    const facts = await collectEcr(rt, REGISTRY, IMAGES, { callerAccountId: ACCOUNT });

    expect(facts.repositories['daytonaio/daytona-proxy']).toEqual({ value: null });
    expect(facts.repositories['daytonaio/daytona-api']).toEqual({ value: expect.objectContaining({ presentTags: { value: ['v0.168.4-k8s-oss-amd64'] } }) });
    expect(rt.calls['ecr:DescribeRepositories']).toBe(1 + 3);
  });

  it('finds which wanted tags are missing: one tag missing is absent outright, several are asked one by one', async () => {
    givenRepositories(ecr, ALL);
    givenImages(ecr, { 'daytonaio/daytona-api': ['old'], 'daytonaio/daytona-proxy': ['v0.168.4-k8s-oss-amd64'], 'library/busybox': ['latest'] });
    const rt = testRuntime();

    const facts = await collectEcr(rt, REGISTRY, IMAGES, { callerAccountId: ACCOUNT });

    expect(facts.repositories['daytonaio/daytona-api']).toEqual({ value: expect.objectContaining({ presentTags: { value: [] } }) });
    expect(facts.repositories['library/busybox']).toEqual({ value: expect.objectContaining({ presentTags: { value: ['latest'] } }) });
    // api: 1; proxy: 1; busybox: 1 for both tags, then 1 per tag.
    expect(rt.calls['ecr:DescribeImages']).toBe(5);
  });

  it('does not count an archived image’s tag as present: it cannot be pulled', async () => {
    givenRepositories(ecr, ['library/busybox']);
    givenImages(ecr, { 'library/busybox': ['latest', '1.37'] }, ['1.37']);

    const facts = await collectEcr(testRuntime(), REGISTRY, IMAGES.slice(2), { callerAccountId: ACCOUNT });

    expect(facts.repositories['library/busybox']).toEqual({ value: expect.objectContaining({ presentTags: { value: ['latest'] } }) });
  });

  it('reads repository policies only for a registry of another account (or an unknown caller), null when none is set', async () => {
    const policy: PolicyDocument = { Version: '2012-10-17', Statement: [{ Sid: 'NodesPull', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:role/nodes` }, Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }] };
    givenRepositories(ecr, ALL, FOREIGN);
    givenImages(ecr, { 'daytonaio/daytona-api': ['v0.168.4-k8s-oss-amd64'], 'daytonaio/daytona-proxy': ['v0.168.4-k8s-oss-amd64'], 'library/busybox': ['latest', '1.37'] });
    ecr.on(GetRepositoryPolicyCommand).rejects(awsError('RepositoryPolicyNotFoundException', 'Repository policy does not exist'));
    ecr.on(GetRepositoryPolicyCommand, { repositoryName: 'daytonaio/daytona-api' }).resolves({ registryId: REGISTRY_ACCOUNT, repositoryName: 'daytonaio/daytona-api', policyText: JSON.stringify(policy) });
    const rt = testRuntime();

    const cross = await collectEcr(rt, FOREIGN, IMAGES, { callerAccountId: ACCOUNT });
    const unknownCaller = await collectEcr(testRuntime(), FOREIGN, IMAGES);
    const sameAccount = await collectEcr(testRuntime(), FOREIGN, IMAGES, { callerAccountId: REGISTRY_ACCOUNT });

    expect(cross.repositories['daytonaio/daytona-api']).toEqual({ value: expect.objectContaining({ policy: { value: policy } }) });
    expect(cross.repositories['daytonaio/daytona-proxy']).toEqual({ value: expect.objectContaining({ policy: { value: null } }) });
    expect(rt.calls['ecr:GetRepositoryPolicy']).toBe(3);
    expect(ecr.commandCalls(GetRepositoryPolicyCommand)[0]?.args[0].input).toEqual({ registryId: REGISTRY_ACCOUNT, repositoryName: 'daytonaio/daytona-api' });
    expect(unknownCaller.repositories['daytonaio/daytona-api']).toEqual({ value: expect.objectContaining({ policy: { value: policy } }) });
    expect(sameAccount.repositories['daytonaio/daytona-api']).toEqual({ value: expect.not.objectContaining({ policy: expect.anything() }) });
  });

  it('is an AccessDenied error naming ecr:DescribeRepositories for every repository when that call is denied', async () => {
    ecr.on(DescribeRepositoriesCommand).rejects(accessDeniedException());
    givenImages(ecr, {});

    const facts = await collectEcr(testRuntime(), REGISTRY, IMAGES, { callerAccountId: ACCOUNT });

    for (const name of ALL) expect(facts.repositories[name]).toEqual({ error: { code: 'AccessDenied', action: 'ecr:DescribeRepositories', message: 'not authorized to perform ecr:DescribeRepositories' } });
  });

  it('keeps the repository and names ecr:DescribeImages or ecr:GetRepositoryPolicy when only those are denied', async () => {
    givenRepositories(ecr, ALL, FOREIGN);
    ecr.on(DescribeImagesCommand).rejects(accessDeniedException());
    ecr.on(GetRepositoryPolicyCommand).rejects(accessDeniedException());

    const facts = await collectEcr(testRuntime(), FOREIGN, IMAGES, { callerAccountId: ACCOUNT });

    expect(facts.repositories['library/busybox']).toEqual({
      value: expect.objectContaining({
        name: 'library/busybox',
        presentTags: { error: { code: 'AccessDenied', action: 'ecr:DescribeImages', message: 'not authorized to perform ecr:DescribeImages' } },
        policy: { error: { code: 'AccessDenied', action: 'ecr:GetRepositoryPolicy', message: 'not authorized to perform ecr:GetRepositoryPolicy' } },
      }),
    });
  });

  it('asks for at most 100 repository names per call, and makes no call when no image follows the registry', async () => {
    const many = Array.from({ length: 150 }, (_, i) => ({ repository: `team/app-${i}`, tag: 'v1' }));
    givenRepositories(ecr, many.map((i) => i.repository));
    givenImages(ecr, Object.fromEntries(many.map((i) => [i.repository, ['v1']])));
    const rt = testRuntime();

    const facts = await collectEcr(rt, REGISTRY, many, { callerAccountId: ACCOUNT });
    const none = await collectEcr(rt, REGISTRY, []);

    expect(Object.keys(facts.repositories)).toHaveLength(150);
    expect(ecr.commandCalls(DescribeRepositoriesCommand).map((c) => c.args[0].input.repositoryNames?.length)).toEqual([100, 50]);
    expect(none).toEqual({ registryId: ACCOUNT, region: 'eu-west-1', repositories: {} });
  });
});

describe('ECR through the real SDK client', () => {
  beforeEach(() => ecr.restore());

  it('retries ThrottlingException, calls the registry’s regional endpoint, and parses the JSON answers', async () => {
    const seen: Record<string, number> = {};
    const json = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });
    const { rt, requests } = httpRuntime((req) => {
      const n = (seen[req.operation] = (seen[req.operation] ?? 0) + 1);
      const input = JSON.parse(req.body) as { repositoryNames?: string[]; repositoryName?: string; imageIds?: { imageTag: string }[] };
      if (req.operation === 'DescribeRepositories') {
        if (n === 1) return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' }) };
        return json({ repositories: input.repositoryNames!.map((name) => ({ ...repo(name), createdAt: 1700000000 })) });
      }
      if (req.operation === 'DescribeImages') return json({ imageDetails: [{ registryId: ACCOUNT, repositoryName: input.repositoryName, imageDigest: 'sha256:abc', imageTags: ['v1', 'other'], imagePushedAt: 1700000000, imageStatus: 'ACTIVE' }] });
      return { status: 400, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify({ __type: 'InvalidParameterException', message: req.operation }) };
    });

    const facts = await collectEcr(rt, REGISTRY, [{ repository: 'daytonaio/daytona-api', tag: 'v1' }], { callerAccountId: ACCOUNT });

    expect(facts.repositories['daytonaio/daytona-api']).toEqual({ value: { name: 'daytonaio/daytona-api', arn: `arn:aws:ecr:eu-west-1:${ACCOUNT}:repository/daytonaio/daytona-api`, uri: `${HOST}/daytonaio/daytona-api`, presentTags: { value: ['v1'] } } });
    expect(rt.retries).toEqual({ 'ecr:DescribeRepositories': 1 });
    expect(new Set(requests.map((r) => r.hostname))).toEqual(new Set(['api.ecr.eu-west-1.amazonaws.com']));
  });
});
