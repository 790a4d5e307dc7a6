import { describe, expect, it } from 'vitest';
import { ecrPullRights } from '../../../src/checks/ecr/ecr-pull-rights.js';
import { DEFAULT_IMAGES, ecrIntent, fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const NODE = 'arn:aws:iam::111122223333:role/daytona-node';
// Two Daytona images keep the fixtures small: daytonaio/daytona-api and daytonaio/daytona-proxy.
const IMAGES = DEFAULT_IMAGES.filter((i) => i.component === 'api' || i.component === 'proxy');
const SAME_ACCOUNT = ecrIntent({ accountId: '111122223333', region: 'eu-west-1' }, IMAGES);
const OTHER_ACCOUNT = ecrIntent({ accountId: '999988887777', region: 'eu-west-1' }, IMAGES);
const API_REPO = 'arn:aws:ecr:eu-west-1:111122223333:repository/daytonaio/daytona-api';
const run = (scenario: string, intent = SAME_ACCOUNT) => runOne(ecrPullRights, intent, fixtureInventory('ecr-pull-rights', scenario));

describe('ecr-pull-rights', () => {
  it('does not apply when global.imageRegistry is not ECR', () => {
    expect(run('pull-ok', makeIntent())).toMatchObject({ status: 'skip', reason: 'global.imageRegistry is not an ECR registry' });
  });

  it('passes when the node role may get a token and pull every repository, naming role and repository ARNs', () => {
    const r = run('pull-ok');
    expect(r.status).toBe('pass');
    expect(r.resources).toEqual([NODE, API_REPO, 'arn:aws:ecr:eu-west-1:111122223333:repository/daytonaio/daytona-proxy']);
    expect(r.evidence.attach).toEqual([]);
  });

  it('fails when the node role has no ECR policy, and plans attaching AmazonEC2ContainerRegistryReadOnly', () => {
    const r = run('no-ecr-policy');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ecr:GetAuthorizationToken on * not granted by any policy');
    expect(r.message).toContain('ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on 2 repositories not granted by any policy');
    expect(r.evidence.attach).toEqual([{ roleName: 'daytona-node', roleArn: NODE, policyArn: 'arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly' }]);
  });

  it('fails on an explicit Deny of ecr:BatchGetImage, naming the statement, and plans no attachment (it would not help)', () => {
    const r = run('deny-batchgetimage');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ecr:BatchGetImage on 2 repositories explicitly denied by inline policy "guardrail" Statement[0] (Sid "NoImagePulls")');
    expect(r.message).not.toContain('GetDownloadUrlForLayer');
    expect(r.evidence.attach).toEqual([]);
    const problems = (r.evidence.roles as { problems: { kind: string; action: string; resources: string[] }[] }[])[0]!.problems;
    expect(problems).toEqual([expect.objectContaining({ kind: 'denied', action: 'ecr:BatchGetImage', resources: [API_REPO, 'arn:aws:ecr:eu-west-1:111122223333:repository/daytonaio/daytona-proxy'] })]);
  });

  it('passes when a Deny covers only other repositories: it does not touch ecr:GetAuthorizationToken, whose resource is "*"', () => {
    const inv = fixtureInventory('ecr-pull-rights', 'pull-ok');
    const node = inv.iam!.roles!['daytona-node'] as { value: { inline: unknown[] } };
    node.value.inline = [{ name: 'guardrail', document: { Version: '2012-10-17', Statement: [{ Sid: 'NoSecretRepos', Effect: 'Deny', Action: 'ecr:*', Resource: 'arn:aws:ecr:*:111122223333:repository/secret/*' }] } }];
    const r = runOne(ecrPullRights, SAME_ACCOUNT, inv);
    expect(r.status).toBe('pass');
  });

  it('fails when the permissions boundary lacks ECR, naming the boundary', () => {
    const r = run('boundary-without-ecr');
    expect(r.status).toBe('fail');
    expect(r.message).toContain('permissions boundary arn:aws:iam::111122223333:policy/node-boundary does not allow it');
    expect(r.evidence.attach).toEqual([]);
  });

  it('warns with AmazonEC2ContainerRegistryPullOnly: it has no ecr:BatchCheckLayerAvailability, which pulls do not need', () => {
    const r = run('pull-only');
    expect(r.status).toBe('warn');
    expect(r.message).toContain('ecr:BatchCheckLayerAvailability on 2 repositories not granted');
    expect(r.message).not.toContain('ecr:BatchGetImage');
  });

  it('warns when the pull rests on a Condition, naming the statement', () => {
    const r = run('conditional');
    expect(r.status).toBe('warn');
    expect(r.message).toContain(
      'ecr:BatchGetImage, ecr:GetDownloadUrlForLayer, ecr:BatchCheckLayerAvailability on 2 repositories allowed only under conditions: inline policy "ecr-via-endpoint" Statement[1] (Sid "PullThroughEndpoint") [conditional]',
    );
  });

  it('passes across accounts when each repository policy allows the cluster account', () => {
    const r = run('cross-account-allowed', OTHER_ACCOUNT);
    expect(r.status).toBe('pass');
    expect((r.evidence.roles as { crossAccount: boolean }[])[0]!.crossAccount).toBe(true);
  });

  it('fails across accounts when a repository has no policy for the node role', () => {
    const r = run('cross-account-no-policy', OTHER_ACCOUNT);
    expect(r.status).toBe('fail');
    expect(r.message).toContain('ecr:BatchGetImage, ecr:GetDownloadUrlForLayer on arn:aws:ecr:eu-west-1:999988887777:repository/daytonaio/daytona-proxy refused by the repository policy: no repository policy');
    expect(r.message).not.toContain('daytona-api refused');
  });

  it('is an error naming the action when a cross-account repository policy could not be read', () => {
    const inv = fixtureInventory('ecr-pull-rights', 'cross-account-allowed');
    const repo = inv.ecr!.repositories['daytonaio/daytona-api'] as { value: { policy: unknown } };
    repo.value.policy = { error: { code: 'AccessDenied', message: 'denied', action: 'ecr:GetRepositoryPolicy' } };
    const r = runOne(ecrPullRights, OTHER_ACCOUNT, inv);
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'ecr:GetRepositoryPolicy' });
  });

  it('is an error naming iam:GetRole when the node role cannot be read', () => {
    const r = run('roles-denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'iam:GetRole' });
  });

  it('is an error, never a pass, when an attached policy could not be read (it might deny)', () => {
    const r = run('unreadable-policy');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'PolicyDocumentUnavailable', action: 'iam:GetPolicyVersion' });
    expect(r.error?.message).toContain('arn:aws:iam::111122223333:policy/nodes-extra');
  });
});
