import { describe, expect, it } from 'vitest';
import { boundFacts, canonicalJson, changedPaths, digestOf, factPaths } from '../../src/remediations/state.js';
import { createRedactor } from '../../src/secrets/redact.js';
import { fixtureInventory } from '../helpers/intent.js';

const redactor = createRedactor({});

describe('the state a plan is bound to', () => {
  it('is the same digest for the same facts in another order', () => {
    expect(canonicalJson({ b: [3, 1, { y: 1, x: 2 }], a: null, u: undefined })).toBe('{"a":null,"b":[1,3,{"x":2,"y":1}]}');
    const inv = fixtureInventory('rds', 'sg-without-5432');
    const shuffled = fixtureInventory('rds', 'sg-without-5432');
    (shuffled.ec2!.securityGroups as { value: unknown[] }).value.reverse();
    const paths = factPaths(['ec2.network', 'rds']);
    expect(digestOf(boundFacts(inv, paths, redactor))).toBe(digestOf(boundFacts(shuffled, paths, redactor)));
  });

  it('binds every fact path asked for, null where nothing was collected', () => {
    const facts = boundFacts(fixtureInventory('rds', 'sg-without-5432'), factPaths(['kube.secrets']), redactor);
    expect(facts).toEqual({ 'eks.clusterName': 'daytona', 'kube.secrets': null, target: expect.anything() });
  });

  it('never holds a secret: known secret values are redacted before hashing and saving', () => {
    const inv = fixtureInventory('s3', 'bucket-ok');
    const facts = boundFacts(inv, factPaths(['iam.s3User']), createRedactor({}, ['AKIAIOSFODNN7EXAMPLE']));
    expect(JSON.stringify(facts)).not.toContain('AKIAIOSFODNN7EXAMPLE');
  });

  it('binds the account, partition and region, not who runs it: a reviewed plan may be applied by another role', () => {
    const inv = fixtureInventory('rds', 'sg-without-5432');
    const other = fixtureInventory('rds', 'sg-without-5432');
    (other.target as { value: { callerArn: string } }).value.callerArn = 'arn:aws:sts::111122223333:assumed-role/ci/deploy';
    const paths = factPaths(['sts']);
    expect(boundFacts(inv, paths, redactor).target).toEqual({ value: { accountId: '111122223333', partition: 'aws', region: 'eu-west-1' } });
    expect(digestOf(boundFacts(inv, paths, redactor))).toBe(digestOf(boundFacts(other, paths, redactor)));
    (other.target as { value: { accountId: string } }).value.accountId = '999988887777';
    expect(changedPaths(boundFacts(inv, paths, redactor), boundFacts(other, paths, redactor))).toEqual(['target.accountId (changed)']);
  });

  it('names what changed: items added or removed by their ids, values changed by their path', () => {
    const before = { 'ec2.securityGroups': { value: [{ id: 'sg-1', ingress: [{ ruleId: 'sgr-1', toPort: 5432 }] }, { id: 'sg-2', ingress: [] }] }, target: { value: { region: 'eu-west-1' } } };
    const after = { 'ec2.securityGroups': { value: [{ id: 'sg-1', ingress: [{ ruleId: 'sgr-1', toPort: 5433 }, { ruleId: 'sgr-2', toPort: 1 }] }] }, target: { value: { region: 'eu-west-2' } } };
    expect(changedPaths(before, after)).toEqual([
      'ec2.securityGroups[sg-1].ingress[sgr-1].toPort (changed)',
      'ec2.securityGroups[sg-1].ingress[sgr-2] (added)',
      'ec2.securityGroups[sg-2] (removed)',
      'target.region (changed)',
    ]);
    expect(changedPaths(before, before)).toEqual([]);
    expect(changedPaths({ s3: null }, { s3: { buckets: {} } })).toEqual(['s3 (changed)']);
  });
});
