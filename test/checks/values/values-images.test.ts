import { describe, expect, it } from 'vitest';
import { valuesImages as check } from '../../../src/checks/values/values-images.js';
import { runFixture } from './support/run-fixture.js';

const ECR = '111122223333.dkr.ecr.eu-west-1.amazonaws.com';

describe('values-images', () => {
  it('passes without global.imageRegistry, saying where the images come from', () => {
    const { result } = runFixture(check, undefined);
    expect(result.status).toBe('pass');
    expect(result.message).toContain('global.imageRegistry is not set');
    expect(result.evidence.registries).toEqual(['docker.io', 'registry.k8s.io']);
  });

  it('warns with ECR as global.imageRegistry, listing the Harbor, ubuntu and pause images that ignore it', () => {
    const { result } = runFixture(check, 'ecr');
    expect(result.status).toBe('warn');
    const notFollowing = (result.evidence.notFollowing as { component: string; ref: string }[]).map((i) => i.ref);
    expect(notFollowing).toEqual(expect.arrayContaining(['registry.k8s.io/pause:3.6', 'ubuntu:22.04', 'goharbor/harbor-core:v2.14.0', 'goharbor/harbor-db:v2.14.0']));
    expect(notFollowing.some((r) => r.includes('daytona-api'))).toBe(false);
    expect(result.evidence.followGlobalRegistry).toEqual(
      expect.arrayContaining([`api (${ECR}/daytonaio/daytona-api:v0.168.4-k8s-oss-amd64)`, `dex (${ECR}/dexidp/dex:v2.42.0)`]),
    );
    expect(result.valuesPaths[0]).toBe('global.imageRegistry');
    expect(result.message).toContain('harbor.core (goharbor/harbor-core:v2.14.0)');
  });

  it('never fails: images outside the registry may still be reachable through egress, so they are a warning', () => {
    const { result } = runFixture(check, 'ecr', { sets: ['services.runner.dockerInstaller.image=docker.io/library/ubuntu:22.04'] });
    expect(result.status).not.toBe('fail');
    expect(result.status).toBe('warn');
  });

  it('passes when every image that ignores the registry is pointed at it by its own override', () => {
    const { result } = runFixture(check, 'ecr-everything-mirrored');
    expect(result.status).toBe('pass');
    expect(result.evidence.overriddenToRegistry).toEqual(
      expect.arrayContaining([`runner.dockerInstaller (${ECR}/library/ubuntu:22.04)`, `runnermanager.placeholder (${ECR}/pause:3.6)`]),
    );
  });

  it('is an error, not a pass, when global.imageRegistry is a map', () => {
    const { result } = runFixture(check, 'registry-is-a-map');
    expect(result.status).toBe('error');
    expect(result.message).toContain('global.imageRegistry should be a single value but is a map');
  });
});
