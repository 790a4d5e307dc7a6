import { describe, expect, it } from 'vitest';
import { runChecks } from '../../src/engine/run.js';
import type { Check, Outcome } from '../../src/engine/types.js';
import type { Intent } from '../../src/values/types.js';
import { failed, need } from '../../src/inventory/fact.js';

const intent = { database: { external: true } } as unknown as Intent;
const make = (id: string, over: Partial<Check> = {}): Check => ({
  id,
  area: 'rds',
  title: `title of ${id}`,
  severity: 'high',
  appliesTo: () => true,
  needs: ['rds'],
  evaluate: (): Outcome => ({ status: 'pass', message: 'fine' }),
  docs: { what: 'w', why: 'y', fix: 'f' },
  remediation: 'manual',
  ...over,
});

describe('the engine', () => {
  it('reports a check that does not apply as skip with the reason', () => {
    const [r] = runChecks([make('rds-a', { appliesTo: () => 'postgresql.enabled is true (in-cluster database)' })], intent, {});
    expect(r).toMatchObject({ status: 'skip', reason: 'postgresql.enabled is true (in-cluster database)' });
  });

  it('turns a check that throws into error with its message, and goes on with the others', () => {
    const results = runChecks(
      [
        make('rds-a', {
          evaluate: () => {
            throw new Error('boom');
          },
        }),
        make('rds-b'),
      ],
      intent,
      {},
    );
    expect(results.map((r) => r.status)).toEqual(['error', 'pass']);
    expect(results[0]!.message).toContain('boom');
  });

  it('fails closed: a denied fact becomes error naming the IAM action, never pass', () => {
    const inventory = { rds: { instances: failed({ code: 'AccessDenied', message: 'no', action: 'rds:DescribeDBInstances' }), clusters: { value: [] } } };
    const [r] = runChecks([make('rds-a', { evaluate: (_i, inv) => (need(inv.rds?.instances), { status: 'pass', message: 'x' }) })], intent, inventory);
    expect(r).toMatchObject({ status: 'error', error: { code: 'AccessDenied', action: 'rds:DescribeDBInstances' } });
    expect(r!.message).toContain('rds:DescribeDBInstances');
  });

  it('reports a fact that was never collected as error, not pass', () => {
    const [r] = runChecks([make('rds-a', { evaluate: (_i, inv) => (need(inv.rds?.instances, 'RDS instances'), { status: 'pass', message: 'x' }) })], intent, {});
    expect(r!.status).toBe('error');
    expect(r!.message).toContain('RDS instances was not collected');
  });

  it('skips a check whose dependency did not pass, naming it, whatever the order', () => {
    const results = runChecks(
      [make('rds-b', { dependsOn: ['rds-a'] }), make('rds-a', { evaluate: () => ({ status: 'fail', message: 'no instance' }) })],
      intent,
      {},
    );
    expect(results[0]).toMatchObject({ id: 'rds-b', status: 'skip', reason: 'depends on rds-a' });
    expect(results[1]).toMatchObject({ id: 'rds-a', status: 'fail' });
  });

  it('skips in-cluster checks under --no-kube with the reason', () => {
    const [r] = runChecks([make('k8s-a', { area: 'k8s', needs: ['kube.access'] })], intent, { kube: { disabled: 'in-cluster checks disabled by --no-kube' } });
    expect(r).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
  });

  it('lists checks removed by --skip as skipped', () => {
    const results = runChecks([make('rds-a')], intent, {}, { userSkipped: [make('rds-b')] });
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['rds-a', 'pass'],
      ['rds-b', 'skip'],
    ]);
  });

  it('records a duration and the docs text for every result', () => {
    const [r] = runChecks([make('rds-a')], intent, {});
    expect(r!.durationMs).toBeGreaterThanOrEqual(0);
    expect(r!.docs).toContain('Why: y');
    expect(r!.remediation).toEqual({ id: 'manual', automatic: false });
  });
});
