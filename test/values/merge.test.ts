import { describe, expect, it } from 'vitest';
import { chartDefaults } from '../../src/values/chart.js';
import { buildValues, loadValues } from '../../src/values/load.js';
import { coalesce, mergeValueFiles, stripNulls } from '../../src/values/merge.js';
import { fx } from './support.js';

const doc = (path: string, text: string) => ({ path, text });

describe('Helm merge of values files (mergeMaps)', () => {
  it('deep-merges maps, the later file winning key by key', () => {
    expect(mergeValueFiles({ a: { x: 1, y: 2 } }, { a: { y: 3, z: 4 } })).toEqual({ a: { x: 1, y: 3, z: 4 } });
  });

  it('replaces lists whole instead of merging them item by item', () => {
    expect(mergeValueFiles({ l: [1, 2, 3] }, { l: [9] })).toEqual({ l: [9] });
  });

  it('keeps a null from a later file (it deletes later, against the defaults)', () => {
    expect(mergeValueFiles({ a: { x: 1 } }, { a: null })).toEqual({ a: null });
  });

  it('leaves its inputs unchanged', () => {
    const a = { m: { x: 1 } };
    mergeValueFiles(a, { m: { x: 2 } });
    expect(a).toEqual({ m: { x: 1 } });
  });
});

describe('coalescing with the chart defaults (CoalesceValues)', () => {
  it('fills what the user left out from the defaults', () => {
    expect(coalesce({ a: { x: 1, y: 2 } }, { a: { y: 5 } })).toEqual({ a: { x: 1, y: 5 } });
  });

  it('deletes a default key the user set to null, at any depth', () => {
    expect(coalesce({ a: { x: 1, y: 2 }, b: 1 }, { a: { x: null }, b: null })).toEqual({ a: { y: 2 } });
  });

  it("keeps the user's value when it is not a map where the default is (Helm only warns)", () => {
    expect(coalesce({ a: { x: 1 } }, { a: 'flat' })).toEqual({ a: 'flat' });
    expect(coalesce({ a: 'flat' }, { a: { x: 1 } })).toEqual({ a: { x: 1 } });
  });

  it('stripNulls drops nulls the defaults had nothing to delete for', () => {
    expect(stripNulls({ a: null, b: { c: null, d: 1 } })).toEqual({ b: { d: 1 } });
  });
});

describe('loadValues merges defaults, files and --set in Helm order', () => {
  it('without files or --set, the merged tree is the chart defaults (their empty, null keys left out)', () => {
    const v = loadValues([], []);
    expect(v.merged).toEqual(stripNulls(chartDefaults()));
    expect(v.defaults).toBe(chartDefaults());
    expect(v.files).toEqual([]);
    expect(v.get('harbor.persistence.imageChartStorage.type')).toBe('filesystem');
  });

  it('keeps the defaults beside the keys a file sets', () => {
    const v = loadValues([fx('external-rds-redis.yaml')], []);
    expect(v.get('externalDatabase.host')).toBe('daytona.abcdefghijkl.eu-west-1.rds.amazonaws.com');
    expect(v.get('externalDatabase.enableTLS')).toBe(true);
    expect(v.get('externalDatabase.allowSelfSignedCert')).toBe(true);
    expect(v.get('services.api.image.repository')).toBe('daytonaio/daytona-api');
  });

  it('later files win, lists are replaced, null deletes a key the defaults hold', () => {
    const v = loadValues([fx('merge/base.yaml'), fx('merge/override.yaml')], []);
    expect(v.get('externalDatabase.host')).toBe('prod-db.acme.io');
    expect(v.get('externalDatabase.port')).toBe(5432);
    expect(v.get('services.api.ingress.extraHosts')).toEqual([{ name: 'only.acme.io' }]);
    // dex: null in the last file deletes the whole dex block, default included.
    expect(v.get('dex')).toBeUndefined();
    expect('dex' in v.merged).toBe(false);
    expect(v.get('harbor.externalURL')).toBeUndefined();
    expect(v.get('harbor.expose.type')).toBe('ingress');
    expect(v.get('baseDomain')).toBe('daytona.acme.io');
  });

  it('--set applies after every file', () => {
    const v = loadValues([fx('merge/base.yaml'), fx('merge/override.yaml')], ['externalDatabase.host=cli-db.acme.io']);
    expect(v.get('externalDatabase.host')).toBe('cli-db.acme.io');
  });

  it('a map written after a null starts again from the chart defaults, as Helm coalesces last', () => {
    const v = buildValues([doc('a.yaml', 'dex: null\n'), doc('b.yaml', 'dex:\n  enabled: false\n')], []);
    expect(v.get('dex.enabled')).toBe(false);
    expect(v.get('dex.image.repository')).toBe('dexidp/dex');
  });

  it('reads YAML as Helm does (YAML 1.1: yes/on are booleans, << merges)', () => {
    const v = buildValues([doc('a.yaml', 'minio:\n  enabled: yes\nx: &blk {ingress: {enabled: off}}\nservices:\n  api:\n    <<: *blk\n')], []);
    expect(v.get('minio.enabled')).toBe(true);
    expect(v.get('services.api.ingress.enabled')).toBe(false);
    expect(v.get('services.api.ingress.className')).toBe('nginx');
  });

  it('records each file with the sha256 of its bytes, in merge order', () => {
    const v = buildValues([doc('one.yaml', 'a: 1\n'), doc('two.yaml', '')], []);
    expect(v.files).toEqual([
      { path: 'one.yaml', sha256: '37b128c59f1f5097f73f82691cb519f1f568667faab5ced1b4ab979d36837eae' },
      { path: 'two.yaml', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
    ]);
  });

  it('gives the merged tree and the defaults read-only', () => {
    const v = loadValues([], []);
    expect(Object.isFrozen(v.merged)).toBe(true);
    expect(() => {
      (v.merged as Record<string, unknown>).baseDomain = 'x';
    }).toThrow();
  });
});
