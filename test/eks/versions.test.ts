import { describe, expect, it } from 'vitest';
import {
  builtInVersionTable,
  compareMinor,
  isOlderThan,
  parseKubeVersion,
  supportFromApi,
  supportFromTable,
  type KubeVersion,
  type VersionTable,
} from '../../src/eks/versions.js';
import type { EksVersionSupport } from '../../src/inventory/types.js';

const v = (s: string): KubeVersion => parseKubeVersion(s)!;
const at = (iso: string) => new Date(`${iso}T12:00:00Z`);

describe('parseKubeVersion', () => {
  it.each([
    ['1.29', 1, 29, undefined],
    ['1.30.0', 1, 30, 0],
    ['v1.29.3-eks-1234', 1, 29, 3],
    ['v1.29.3-eks-abcdef', 1, 29, 3],
    ['1.28+', 1, 28, undefined],
    [' 1.31 ', 1, 31, undefined],
  ])('reads %s as %i.%i', (raw, major, minor, patch) => {
    const parsed = parseKubeVersion(raw);
    expect(parsed).toMatchObject({ major, minor, raw });
    expect(parsed?.patch).toBe(patch);
  });

  it.each(['latest', '', 'v1', 'one.two'])('rejects %j', (raw) => {
    expect(parseKubeVersion(raw)).toBeUndefined();
  });

  it('orders by minor numerically, not as text (1.9 < 1.10), and ignores patches', () => {
    expect(compareMinor(v('1.9'), v('1.10'))).toBeLessThan(0);
    expect(compareMinor(v('v1.29.9'), v('1.29.0'))).toBe(0);
    expect(isOlderThan(v('1.18'), '1.19')).toBe(true);
    expect(isOlderThan(v('1.19.16'), '1.19')).toBe(false);
  });
});

const listed: EksVersionSupport[] = [
  { version: '1.30', status: 'EXTENDED_SUPPORT' },
  { version: '1.31', status: 'extended-support' },
  { version: '1.32', status: 'STANDARD_SUPPORT', endOfStandardSupportDate: '2026-03-23T00:00:00Z' },
  { version: '1.33' },
];

describe('supportFromApi (eks:DescribeClusterVersions)', () => {
  it('takes a listed version status, in either spelling (versionStatus or the deprecated status)', () => {
    expect(supportFromApi(v('1.30'), listed, at('2026-01-01'))?.state).toBe('extended');
    expect(supportFromApi(v('1.31'), listed, at('2026-01-01'))?.state).toBe('extended');
    expect(supportFromApi(v('1.32.1'), listed, at('2026-01-01'))).toMatchObject({ state: 'standard', endOfStandardSupport: '2026-03-23' });
  });

  it('decides by the dates when a listed version has no status', () => {
    const dated: EksVersionSupport[] = [{ version: '1.33', endOfStandardSupportDate: '2026-07-29T00:00:00Z', endOfExtendedSupportDate: '2027-07-29T00:00:00Z' }];
    expect(supportFromApi(v('1.33'), dated, at('2026-07-28'))?.state).toBe('standard');
    expect(supportFromApi(v('1.33'), dated, at('2026-07-29'))?.state).toBe('extended');
    expect(supportFromApi(v('1.33'), dated, at('2027-08-01'))?.state).toBe('ended');
  });

  it('calls a version older than every listed one past support (1.19 against 1.30+)', () => {
    expect(supportFromApi(v('1.19'), listed, at('2026-01-01'))?.state).toBe('ended');
  });

  it('does not judge a version newer than the list, and gives nothing for an empty list', () => {
    expect(supportFromApi(v('1.40'), listed, at('2026-01-01'))?.state).toBe('unknown');
    expect(supportFromApi(v('1.30'), [], at('2026-01-01'))).toBeUndefined();
  });
});

describe('supportFromTable (the built-in calendar)', () => {
  const table: VersionTable = {
    asOf: '2026-02-14',
    source: 'test',
    versions: [
      { version: '1.29', endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' },
      { version: '1.30', endOfStandardSupport: '2025-07-23', endOfExtendedSupport: '2026-07-23' },
    ],
  };

  it('past standard support from the end date itself (extended billing starts that day)', () => {
    expect(supportFromTable(v('1.30'), table, at('2025-07-22')).state).toBe('standard');
    expect(supportFromTable(v('1.30'), table, new Date('2025-07-23T00:00:00Z')).state).toBe('extended');
    expect(supportFromTable(v('1.29'), table, at('2026-04-01')).state).toBe('ended');
  });

  it('names itself with its date', () => {
    expect(supportFromTable(v('1.30'), table, at('2025-01-01')).source).toBe('built-in table as of 2026-02-14');
  });

  it('calls versions older than the table past support, and newer ones in standard support', () => {
    expect(supportFromTable(v('1.19'), table, at('2025-01-01')).state).toBe('ended');
    expect(supportFromTable(v('1.31'), table, at('2025-01-01')).state).toBe('standard');
  });
});

describe('data/eks-versions.json', () => {
  const table = builtInVersionTable();

  it('carries its date and source', () => {
    expect(table.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(table.source).toContain('docs.aws.amazon.com/eks');
  });

  it('lists each minor once, in order, with standard support ending before extended support (valid dates)', () => {
    const minors = table.versions.map((e) => v(e.version));
    for (let i = 1; i < minors.length; i++) expect(compareMinor(minors[i - 1]!, minors[i]!)).toBeLessThan(0);
    for (const e of table.versions) {
      expect(Number.isNaN(Date.parse(e.endOfStandardSupport))).toBe(false);
      if (e.endOfExtendedSupport) expect(Date.parse(e.endOfExtendedSupport)).toBeGreaterThan(Date.parse(e.endOfStandardSupport));
    }
  });

  it('matches the AWS calendar for 1.29 (standard support ended 2025-03-23)', () => {
    expect(table.versions.find((e) => e.version === '1.29')).toMatchObject({ endOfStandardSupport: '2025-03-23', endOfExtendedSupport: '2026-03-23' });
  });
});
