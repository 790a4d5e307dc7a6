import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildValues, loadValues } from '../../src/values/load.js';
import { fx, usageError } from './support.js';

const base = fx('merge/base.yaml');
const override = fx('merge/override.yaml');

describe('origins: which file and line last set a path', () => {
  const v = loadValues([base, override], ['services.api.replicaCount=3']);

  it('points at the key in the last file that set it', () => {
    expect(v.origin('externalDatabase.host')).toEqual({ source: 'file', file: override, line: 2, column: 3 });
  });

  it('keeps the earlier file for keys the later one left alone (maps merge)', () => {
    expect(v.origin('externalDatabase.port')).toEqual({ source: 'file', file: base, line: 4, column: 3 });
    expect(v.origin('baseDomain')).toEqual({ source: 'file', file: base, line: 1, column: 1 });
  });

  it('credits a replaced list and its items to the file that replaced it', () => {
    expect(v.origin('services.api.ingress.extraHosts')).toEqual({ source: 'file', file: override, line: 6, column: 7 });
    expect(v.origin('services.api.ingress.extraHosts.0.name')).toEqual({ source: 'file', file: override, line: 7, column: 11 });
    // base.yaml's second item is gone with the list it belonged to.
    expect(v.origin('services.api.ingress.extraHosts.1')).toEqual({ source: 'file', file: override, line: 6, column: 7 });
  });

  it('credits a deleted key to the null that deleted it', () => {
    expect(v.origin('dex')).toEqual({ source: 'file', file: override, line: 8, column: 1 });
    expect(v.origin('dex.enabled')).toEqual({ source: 'file', file: override, line: 8, column: 1 });
    expect(v.isUserSet('harbor.externalURL')).toBe(true);
  });

  it("says 'set' for --set and 'default' for what nobody set", () => {
    expect(v.origin('services.api.replicaCount')).toEqual({ source: 'set' });
    expect(v.origin('minio.enabled')).toEqual({ source: 'default' });
  });

  it('falls back to the nearest parent a file set', () => {
    expect(v.origin('externalDatabase.name')).toEqual({ source: 'file', file: override, line: 1, column: 1 });
  });

  it('isUserSet: the path or something beneath it was set by a file or --set', () => {
    expect(v.isUserSet('externalDatabase.host')).toBe(true);
    expect(v.isUserSet('externalDatabase')).toBe(true);
    expect(v.isUserSet('services.api.replicaCount')).toBe(true);
    expect(v.isUserSet('externalDatabase.name')).toBe(false);
    expect(v.isUserSet('minio.enabled')).toBe(false);
    expect(v.isUserSet('services.api.ingress.extraHosts.0.name')).toBe(true);
  });

  it('finds keys that contain dots, escaped or not', () => {
    const w = loadValues([fx('ssh-internet-facing.yaml')], []);
    const key = 'services.sshGateway.service.annotations.service.beta.kubernetes.io/aws-load-balancer-scheme';
    expect(w.get(key)).toBe('internet-facing');
    expect(w.get('services.sshGateway.service.annotations.service\\.beta\\.kubernetes\\.io/aws-load-balancer-scheme')).toBe('internet-facing');
    expect(w.origin(key)).toEqual({ source: 'file', file: fx('ssh-internet-facing.yaml'), line: 6, column: 9 });
  });

  it('reads list items by index', () => {
    expect(v.get('services.api.ingress.extraHosts.0.name')).toBe('only.acme.io');
    expect(v.get('services.api.ingress.extraHosts.1')).toBeUndefined();
  });

  it('records --set over a file: the later --set wins the origin', () => {
    const w = loadValues([base], ['externalDatabase.host=cli.acme.io']);
    expect(w.origin('externalDatabase.host')).toEqual({ source: 'set' });
    expect(w.origin('externalDatabase.port')).toEqual({ source: 'file', file: base, line: 4, column: 3 });
  });

  it('a later --set of a whole list takes over the items a file set', () => {
    const w = loadValues([base], ['services.api.ingress.extraHosts={}']);
    expect(w.origin('services.api.ingress.extraHosts.0')).toEqual({ source: 'set' });
  });
});

describe('input errors: one clear line each', () => {
  const err = (name: string) => usageError(() => loadValues([fx(name)], []));

  it('a YAML syntax error names file:line:column and the parser reason', () => {
    expect(err('errors/bad-indent.yaml')).toBe(`values file ${fx('errors/bad-indent.yaml')}:3:9: All mapping items must start at the same column`);
    expect(err('errors/unclosed-flow.yaml')).toBe(
      `values file ${fx('errors/unclosed-flow.yaml')}:3:1: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    );
  });

  it('a duplicate key is an error at the second occurrence', () => {
    expect(err('errors/duplicate-key.yaml')).toBe(`values file ${fx('errors/duplicate-key.yaml')}:2:1: Map keys must be unique`);
  });

  it('a top level that is not a map is refused', () => {
    expect(err('errors/top-level-list.yaml')).toBe(
      `values file ${fx('errors/top-level-list.yaml')}: the top level must be a map of keys (key: value), found a list`,
    );
    expect(usageError(() => buildValues([{ path: 's.yaml', text: 'just a string\n' }], []))).toBe(
      'values file s.yaml: the top level must be a map of keys (key: value), found a scalar',
    );
  });

  it('a file with only comments is an empty map, as in Helm', () => {
    const v = loadValues([fx('errors/empty.yaml')], []);
    expect(v.get('baseDomain')).toBe('daytona.example.com');
    expect(v.files).toHaveLength(1);
  });

  it('a missing file says so', () => {
    expect(usageError(() => loadValues(['no/such/values.yaml'], []))).toBe('values file no/such/values.yaml: cannot read it: no such file');
  });

  it('a directory is not a values file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'values-'));
    expect(usageError(() => loadValues([dir], []))).toBe(`values file ${dir}: cannot read it: is a directory, not a file`);
  });

  it('the message never carries the offending line (it may hold a secret)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'values-'));
    const file = join(dir, 'secret.yaml');
    writeFileSync(file, 'externalDatabase:\n  password: "s3cr3t-value\n');
    const msg = usageError(() => loadValues([file], []));
    expect(msg).toMatch(new RegExp(`^values file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:\\d+:\\d+: `));
    expect(msg).not.toContain('s3cr3t-value');
  });

  it.each([
    ['a block scalar header with extra characters', 'externalDatabase:\n  password: |-s3cr3t-value\n    x\n', 2],
    ['a folded header with extra characters', 'externalDatabase:\n  password: >s3cr3t-value\n    x\n', 2],
    ['an undeclared tag handle', 'externalDatabase:\n  password: !e!s3cr3t-value x\n', 2],
    ['a bad escape in a double-quoted string', 'externalDatabase:\n  password: "ab\\us3cr3t-value"\n', 2],
    ['a duplicate key in an ordered map', 'externalDatabase: !!omap\n  - s3cr3t-value: 1\n  - s3cr3t-value: 2\n', 1],
  ])('a parser reason that would quote the source keeps only its phrase: %s', (_, text, line) => {
    const msg = usageError(() => buildValues([{ path: 'v.yaml', text }], []));
    expect(msg).toMatch(new RegExp(`^values file v\\.yaml:${line}:\\d+: \\w`));
    expect(msg).not.toContain('s3cr');
  });

  it('a list or map as a key is refused at its position, without quoting it (and without a process warning)', () => {
    const msg = usageError(() => buildValues([{ path: 'v.yaml', text: 'a: 1\n? [s3cr3t-value]\n: x\n' }], []));
    expect(msg).toBe('values file v.yaml:2:3: a key must be a single value, not a list or map (Helm cannot read it)');
  });

  it('a merge key whose source is not a map is an input error, not a crash', () => {
    expect(usageError(() => buildValues([{ path: 'v.yaml', text: 'externalDatabase:\n  <<: s3cr3t-value\n' }], []))).toBe(
      'values file v.yaml:2:7: a merge key (<<) must be followed by a map, an alias of a map, or a list of those',
    );
    expect(usageError(() => buildValues([{ path: 'v.yaml', text: 'externalDatabase:\n  <<: [x]\n' }], []))).toMatch(/^values file v\.yaml:2:7: a merge key/);
    // A merge of a map still works.
    expect(buildValues([{ path: 'v.yaml', text: 'base: &b\n  host: db.internal\nexternalDatabase:\n  <<: *b\n' }], []).get('externalDatabase.host')).toBe('db.internal');
  });

  it('aliases that expand without end (a "billion laughs" file) are an input error, not a crash', () => {
    const bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n';
    expect(usageError(() => buildValues([{ path: 'v.yaml', text: bomb }], []))).toMatch(/^values file v\.yaml: aliases \(\*name\) expand/);
    expect(usageError(() => buildValues([{ path: 'v.yaml', text: 'externalDatabase: &x\n  <<: *x\n' }], []))).toMatch(/^values file v\.yaml: aliases/);
  });
});
