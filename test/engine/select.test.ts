import { describe, expect, it } from 'vitest';
import { selectChecks, splitIds } from '../../src/engine/select.js';
import { UsageError } from '../../src/cli/errors.js';
import type { Check } from '../../src/engine/types.js';

const check = (id: string, area: Check['area']): Check => ({
  id,
  area,
  title: id,
  severity: 'high',
  appliesTo: () => true,
  needs: [],
  evaluate: () => ({ status: 'pass', message: 'ok' }),
  docs: { what: '', why: '', fix: '' },
});
const all = [check('rds-instance', 'rds'), check('rds-port-5432', 'rds'), check('s3-bucket', 's3'), check('s3-bucket-security', 's3')];

describe('selecting checks with --only and --skip', () => {
  it('splits comma-separated and repeated values', () => {
    expect(splitIds(['a,b', ' c ', ''])).toEqual(['a', 'b', 'c']);
  });

  it('selects everything by default', () => {
    expect(selectChecks(all, [], []).selected).toHaveLength(4);
  });

  it('selects by area, by exact id and by id prefix', () => {
    expect(selectChecks(all, ['s3'], []).selected.map((c) => c.id)).toEqual(['s3-bucket', 's3-bucket-security']);
    expect(selectChecks(all, ['rds-port-5432'], []).selected.map((c) => c.id)).toEqual(['rds-port-5432']);
    expect(selectChecks(all, ['s3-bucket'], []).selected.map((c) => c.id)).toEqual(['s3-bucket', 's3-bucket-security']);
  });

  it('reports checks removed by --skip separately so they appear as skipped', () => {
    const { selected, skipped } = selectChecks(all, ['rds'], ['rds-port-5432']);
    expect(selected.map((c) => c.id)).toEqual(['rds-instance']);
    expect(skipped.map((c) => c.id)).toEqual(['rds-port-5432']);
  });

  it('rejects an unknown id with a usage error that lists the valid ones', () => {
    expect(() => selectChecks(all, ['rds-nope'], [])).toThrow(UsageError);
    expect(() => selectChecks(all, [], ['bogus'])).toThrow(/unknown check id or area 'bogus'.*rds-instance/);
  });
});
