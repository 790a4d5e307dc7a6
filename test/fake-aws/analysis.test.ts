/**
 * The bench's arithmetic: the critical path is the longest chain of calls each starting after the
 * previous one ended; duplicates are the same request sent twice.
 */
import { describe, expect, it } from 'vitest';
import { analyseCalls, describeRequest, type CallRecord } from './index.js';

let seq = 0;
const call = (operation: string, start: number, end: number, input: Record<string, unknown> = {}): CallRecord => ({ seq: ++seq, operation, action: operation, region: 'us-east-2', input, start, end, outcome: 'ok', attempts: 1, serveMs: 0 });

describe('analyseCalls', () => {
  it('finds the longest chain of sequential calls, not the largest number of concurrent ones', () => {
    const calls = [
      call('sts:GetCallerIdentity', 0, 50),
      call('eks:DescribeCluster', 0, 50),
      call('rds:DescribeDBInstances', 1, 51),
      call('eks:ListNodegroups', 0, 50),
      call('eks:DescribeNodegroup', 52, 102, { nodegroupName: 'a' }),
      call('eks:DescribeNodegroup', 52, 102, { nodegroupName: 'b' }),
      call('iam:GetRole', 104, 154),
      // Long, but started before anything ended: a chain of one.
      call('ec2:DescribeSubnets', 40, 200),
    ];
    const a = analyseCalls(calls);
    expect(a.criticalPath.map((c) => c.operation)).toEqual(['sts:GetCallerIdentity', 'eks:DescribeNodegroup', 'iam:GetRole']);
    expect(a.total).toBe(8);
    expect(a.byOperation['eks:DescribeNodegroup']).toBe(2);
    expect(a.duplicates).toEqual([]);
  });

  it('reports the same operation with the same parameters twice as a duplicate, whatever the key order', () => {
    const a = analyseCalls([call('iam:GetRole', 0, 50, { RoleName: 'x', A: 1 }), call('iam:GetRole', 60, 110, { A: 1, RoleName: 'x' }), call('iam:GetRole', 0, 50, { RoleName: 'y' })]);
    expect(a.duplicates).toEqual([{ operation: 'iam:GetRole', region: 'us-east-2', input: { RoleName: 'x', A: 1 }, count: 2 }]);
    expect(a.criticalPath).toHaveLength(2);
  });

  it('describes a request in one line: filters by value count, tokens elided', () => {
    expect(describeRequest('ec2:DescribeSubnets', { Filters: [{ Name: 'subnet-id', Values: ['a', 'b', 'c'] }], NextToken: 'abc' })).toBe('ec2:DescribeSubnets subnet-id=[3 values] NextToken=…');
  });
});
