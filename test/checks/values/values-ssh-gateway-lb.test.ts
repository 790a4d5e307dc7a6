import { describe, expect, it } from 'vitest';
import { valuesSshGatewayLb as check } from '../../../src/checks/values/values-ssh-gateway-lb.js';
import { runFixture } from './support/run-fixture.js';

const SCHEME_PATH = 'services.sshGateway.service.annotations.service\\.beta\\.kubernetes\\.io/aws-load-balancer-scheme';

describe('values-ssh-gateway-lb', () => {
  it('warns on a LoadBalancer without the aws-load-balancer-scheme annotation (an internal NLB)', () => {
    const { result } = runFixture(check, 'no-scheme');
    expect(result.status).toBe('warn');
    expect(result.message).toContain('internal NLB');
    expect(result.valuesPaths).toEqual(['services.sshGateway.service.annotations', 'services.sshGateway.service.type']);
    expect(result.evidence[SCHEME_PATH]).toBe('(not set)');
  });

  it('passes with scheme internet-facing in a values file', () => {
    const { result } = runFixture(check, 'internet-facing');
    expect(result.status).toBe('pass');
    expect(result.evidence[SCHEME_PATH]).toBe('internet-facing');
  });

  it('passes with the scheme given by --set with escaped dots', () => {
    const { result } = runFixture(check, 'no-scheme', { sets: [`${SCHEME_PATH}=internal`] });
    expect(result.status).toBe('pass');
    expect(result.message).toContain('internal');
  });

  it('fails on a scheme the controller does not know', () => {
    const { result } = runFixture(check, 'unknown-scheme');
    expect(result.status).toBe('fail');
    expect(result.message).toContain("'public'");
  });

  it('is skipped for a ClusterIP service or a disabled gateway', () => {
    expect(runFixture(check, 'cluster-ip').result.status).toBe('skip');
    expect(runFixture(check, 'no-scheme', { sets: ['services.sshGateway.enabled=false'] }).result).toMatchObject({
      status: 'skip',
      reason: 'services.sshGateway.enabled is false',
    });
  });

  it('is an error, not a pass, when annotations is a list', () => {
    const { result } = runFixture(check, 'annotations-is-a-list');
    expect(result.status).toBe('error');
    expect(result.message).toContain('services.sshGateway.service.annotations should be a map but is a list');
  });
});
