import { describe, expect, it } from 'vitest';
import { evaluateResourcePolicy, principalMatches } from '../../src/iam/resource-policy.js';
import { doc } from './principal.js';

const NODE_ROLE = 'arn:aws:iam::444455556666:role/eks/nodes';
const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/daytonaio/daytona-api';
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

describe('resource policies: who may act on the resource', () => {
  it('matches *, the account id, the account root and the role (with or without its path)', () => {
    expect(principalMatches('*', NODE_ROLE)).toBe(true);
    expect(principalMatches({ AWS: '*' }, NODE_ROLE)).toBe(true);
    expect(principalMatches({ AWS: '444455556666' }, NODE_ROLE)).toBe(true);
    expect(principalMatches({ AWS: ['arn:aws:iam::999999999999:root', 'arn:aws:iam::444455556666:root'] }, NODE_ROLE)).toBe(true);
    expect(principalMatches({ AWS: NODE_ROLE }, NODE_ROLE)).toBe(true);
    expect(principalMatches({ AWS: 'arn:aws:iam::444455556666:role/nodes' }, NODE_ROLE)).toBe(true);
    expect(principalMatches({ AWS: 'arn:aws:iam::444455556666:role/other' }, NODE_ROLE)).toBe(false);
    expect(principalMatches({ AWS: 'arn:aws:iam::999999999999:root' }, NODE_ROLE)).toBe(false);
    expect(principalMatches({ Service: 'ec2.amazonaws.com' }, NODE_ROLE)).toBe(false);
    expect(principalMatches({ AWS: 'arn:aws-cn:iam::444455556666:root' }, NODE_ROLE)).toBe(false);
  });

  it('allows the node role through a statement without a Resource (the repository itself)', () => {
    const policy = doc({ Sid: 'CrossAccountPull', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::444455556666:root' }, Action: PULL });
    const ev = evaluateResourcePolicy(policy, 'repository policy of daytonaio/daytona-api', NODE_ROLE, 'ecr:BatchGetImage', REPO);
    expect(ev).toMatchObject({ decision: 'allowed', conditional: false });
    expect(ev.allowedBy[0]).toMatchObject({ sid: 'CrossAccountPull', source: 'resource' });
  });

  it('is an implicit deny for a principal it does not name', () => {
    const policy = doc({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999999999999:root' }, Action: PULL });
    expect(evaluateResourcePolicy(policy, 'p', NODE_ROLE, 'ecr:BatchGetImage', REPO).decision).toBe('implicit-deny');
  });

  it('a Deny for the principal wins; a Deny with NotPrincipal spares the listed principal', () => {
    const allow = { Effect: 'Allow' as const, Principal: '*', Action: PULL };
    const denied = doc(allow, { Sid: 'Block', Effect: 'Deny', Principal: { AWS: NODE_ROLE }, Action: 'ecr:*' });
    expect(evaluateResourcePolicy(denied, 'p', NODE_ROLE, 'ecr:BatchGetImage', REPO)).toMatchObject({ decision: 'denied', deniedBy: [{ sid: 'Block' }] });
    const spared = doc(allow, { Effect: 'Deny', NotPrincipal: { AWS: NODE_ROLE }, Action: 'ecr:*' });
    expect(evaluateResourcePolicy(spared, 'p', NODE_ROLE, 'ecr:BatchGetImage', REPO).decision).toBe('allowed');
  });

  it('an allow with a Condition is conditional', () => {
    const policy = doc({ Effect: 'Allow', Principal: '*', Action: PULL, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-123' } } });
    expect(evaluateResourcePolicy(policy, 'p', NODE_ROLE, 'ecr:GetDownloadUrlForLayer', REPO)).toMatchObject({ decision: 'allowed', conditional: true });
  });
});
