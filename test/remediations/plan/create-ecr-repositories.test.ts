import { describe, expect, it } from 'vitest';
import { ecrRepositories } from '../../../src/checks/ecr/ecr-repositories.js';
import { ecrIntent, fixtureInventory } from '../../helpers/intent.js';
import { planFor } from '../support/plan.js';
import { expectPlanKeepsTheRules } from '../support/rules.js';

const HOST = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';

describe('create-ecr-repositories (planning)', () => {
  it('creates each missing repository at its full path with scan on push, AES256 and the tag, and prints how to copy the images in', () => {
    const plan = planFor(ecrRepositories, ecrIntent(), fixtureInventory('ecr', 'pathless-repos'));
    expect(plan.actions.map((a) => a.id)).toEqual(['create-ecr-repositories:daytonaio/daytona-api', 'create-ecr-repositories:daytonaio/daytona-proxy']);
    expect(plan.actions[0]!.calls).toEqual([
      {
        api: 'ecr:CreateRepository',
        iamAction: 'ecr:CreateRepository',
        target: 'arn:aws:ecr:eu-west-1:111122223333:repository/daytonaio/daytona-api',
        region: 'eu-west-1',
        params: { repositoryName: 'daytonaio/daytona-api', imageScanningConfiguration: { scanOnPush: true }, encryptionConfiguration: { encryptionType: 'AES256' }, tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] },
      },
    ]);
    expect(plan.actions[0]!.notes).toContain(`  crane copy docker.io/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64 ${HOST}/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64`);
    expect(plan.actions[0]!.notes).toContain(`  aws ecr get-login-password --region eu-west-1 | crane auth login ${HOST} -u AWS --password-stdin`);
    expectPlanKeepsTheRules(plan.actions);
  });

  it('prints only copy commands for tags missing from repositories that exist', () => {
    const plan = planFor(ecrRepositories, ecrIntent(), fixtureInventory('ecr', 'missing-tags'));
    expect(plan.actions.every((a) => a.safety === 'manual')).toBe(true);
    expect(plan.actions.flatMap((a) => a.notes ?? [])).toContain(`  crane copy docker.io/library/busybox:1.37 ${HOST}/library/busybox:1.37`);
  });

  it('leaves a registry of another account to a person with its credentials', () => {
    const inv = fixtureInventory('ecr', 'pathless-repos');
    inv.target = { value: { accountId: '999988887777', callerArn: 'arn:aws:iam::999988887777:user/ops', partition: 'aws', region: 'eu-west-1' } };
    const plan = planFor(ecrRepositories, ecrIntent(), inv);
    expect(plan.actions.map((a) => a.safety)).toEqual(['manual', 'manual']);
    expect(plan.actions[0]!.notes![0]).toBe('With credentials of account 111122223333:');
  });

  it('plans nothing when every repository and tag is there', () => {
    expect(planFor(ecrRepositories, ecrIntent(), fixtureInventory('ecr', 'complete')).actions).toEqual([]);
  });
});
