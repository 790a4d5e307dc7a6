import { describe, expect, it } from 'vitest';
import { ecrRepositories, wantedEcrRepositories } from '../../../src/checks/ecr/ecr-repositories.js';
import { ecrRepositoryName } from '../../../src/values/ecr.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { ecrIntent, fixtureInventory, makeIntent, runOne } from '../../helpers/intent.js';

const run = (scenario: string, intent = ecrIntent()) => runOne(ecrRepositories, intent, fixtureInventory('ecr', scenario));

describe('ecr-repositories', () => {
  it('passes when every image that follows global.imageRegistry exists at its path with its tag', () => {
    const r = run('complete');
    expect(r.status).toBe('pass');
    expect(r.evidence).toMatchObject({ missingRepositories: [], missingTags: [] });
    expect(r.resources).toContain('arn:aws:ecr:eu-west-1:111122223333:repository/daytonaio/daytona-api');
  });

  it('ignores images that do not follow global.imageRegistry (Harbor goharbor/*)', () => {
    const checked = (run('complete').evidence.checkedRepositories as { repository: string }[]).map((c) => c.repository);
    expect(checked).not.toContain('goharbor/harbor-core');
    expect(checked).toContain('library/busybox');
  });

  it('fails listing missing repositories, and points at daytona-api created without its daytonaio/ path', () => {
    const r = run('pathless-repos');
    expect(r.status).toBe('fail');
    expect(r.evidence.missingRepositories).toEqual(['daytonaio/daytona-api', 'daytonaio/daytona-proxy']);
    expect(r.evidence.repositoriesWithoutPath).toEqual([{ needed: 'daytonaio/daytona-api', found: ['daytona-api'] }]);
    expect(r.message).toContain('daytona-api (needed as daytonaio/daytona-api)');
  });

  it('fails listing each missing tag with its repository (busybox:1.37, an older runner tag)', () => {
    const r = run('missing-tags');
    expect(r.status).toBe('fail');
    expect(r.evidence.missingTags).toEqual([
      { repository: 'daytonaio/daytona-runner', tag: 'v0.168.4-k8s-oss-amd64' },
      { repository: 'library/busybox', tag: '1.37' },
    ]);
    expect(r.evidence.missingRepositories).toEqual([]);
  });

  it('looks repositories up under the registry path prefix (global.imageRegistry host/mirror)', () => {
    const inv = fixtureInventory('ecr', 'complete');
    const prefixed: Inventory = { ...inv, ecr: { ...inv.ecr!, repositories: Object.fromEntries(Object.entries(inv.ecr!.repositories).map(([k, v]) => [`mirror/${k}`, v])) } };
    expect(runOne(ecrRepositories, ecrIntent({ prefix: 'mirror' }), prefixed).status).toBe('pass');
    const r = runOne(ecrRepositories, ecrIntent({ prefix: 'mirror' }), { ...inv, ecr: { ...inv.ecr!, repositories: { ...inv.ecr!.repositories, 'mirror/daytonaio/daytona-api': { value: null } } } });
    expect(r.status).toBe('fail');
    expect(r.evidence.missingRepositories).toContain('mirror/daytonaio/daytona-api');
  });

  it('is an error naming ecr:DescribeRepositories when repositories cannot be read', () => {
    const r = run('denied');
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'AccessDenied', action: 'ecr:DescribeRepositories' });
  });

  it('still fails on a definite miss when another repository could not be read, marking that one unverified', () => {
    const inv = fixtureInventory('ecr', 'pathless-repos');
    inv.ecr!.repositories['library/busybox'] = { error: { code: 'AccessDenied', message: 'denied', action: 'ecr:DescribeImages' } };
    const r = runOne(ecrRepositories, ecrIntent(), inv);
    expect(r.status).toBe('fail');
    expect(r.evidence.unverifiedRepositories).toEqual([{ repository: 'library/busybox', code: 'AccessDenied', action: 'ecr:DescribeImages' }]);
  });

  it('is an error when the ECR facts were never collected', () => {
    expect(runOne(ecrRepositories, ecrIntent(), {}).status).toBe('error');
  });

  it('does not apply when global.imageRegistry is not ECR', () => {
    expect(runOne(ecrRepositories, makeIntent(), {}).status).toBe('skip');
  });
});

describe('ECR repository names', () => {
  it('keep the image path under the registry prefix', () => {
    expect(ecrRepositoryName({ repository: 'daytonaio/daytona-api' }, { prefix: '' })).toBe('daytonaio/daytona-api');
    expect(ecrRepositoryName({ repository: 'daytonaio/daytona-api' }, { prefix: '/mirror/' })).toBe('mirror/daytonaio/daytona-api');
  });

  it('group the tags of one repository (busybox latest and 1.37)', () => {
    const busybox = wantedEcrRepositories(ecrIntent()).find((w) => w.repository === 'library/busybox');
    expect(busybox?.tags).toEqual(['latest', '1.37']);
  });
});
