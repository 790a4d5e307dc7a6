import { describe, expect, it } from 'vitest';
import { knownTopLevelKeys } from '../../src/values/chart.js';
import { buildValues } from '../../src/values/load.js';
import { joinPath, resolvePath, splitPath } from '../../src/values/paths.js';
import { closest, editDistance } from '../../src/values/suggest.js';
import { usageError } from './support.js';

describe('values paths', () => {
  it('splits on dots, a backslash escaping the next character', () => {
    expect(splitPath('a.b.0')).toEqual(['a', 'b', '0']);
    expect(splitPath('annotations.service\\.beta\\.kubernetes\\.io/x')).toEqual(['annotations', 'service.beta.kubernetes.io/x']);
    expect(splitPath('')).toEqual([]);
  });

  it('joinPath escapes what splitPath unescapes', () => {
    const segs = ['a', 'service.beta.kubernetes.io/x', 'back\\slash'];
    expect(splitPath(joinPath(segs))).toEqual(segs);
  });

  it('resolves an unescaped dotted key against the tree, exact segments first', () => {
    const tree = { a: { 'b.c': 1, b: { c: 2 } }, d: { 'x.y': 3 } };
    expect(resolvePath('a.b.c', tree)).toEqual(['a', 'b', 'c']);
    expect(resolvePath('d.x.y', tree)).toEqual(['d', 'x.y']);
    expect(resolvePath('missing.key', tree)).toEqual(['missing', 'key']);
  });
});

describe('suggestions for unknown keys', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('sevrices', 'services')).toBe(1);
    expect(editDistance('Harbor', 'harbor')).toBe(0);
  });

  it('offers the closest key only when it is a plausible typo', () => {
    expect(closest('externalDatbase', knownTopLevelKeys())).toBe('externalDatabase');
    expect(closest('EXTERNALREDIS', knownTopLevelKeys())).toBe('externalRedis');
    expect(closest('kubernetes', knownTopLevelKeys())).toBeUndefined();
  });

  it('knows the top-level keys the templates read beyond the defaults', () => {
    expect(knownTopLevelKeys()).toEqual(expect.arrayContaining(['services', 'harbor', 'imagePullSecrets', 'fullnameOverride', 'nameOverride', 'namespaceOverride']));
  });
});

describe('YAML input details', () => {
  it('accepts a byte-order mark and CRLF line ends', () => {
    expect(buildValues([{ path: 'bom.yaml', text: '\uFEFFbaseDomain: x.io\r\nharbor:\r\n  enabled: false\r\n' }], []).get('harbor.enabled')).toBe(false);
  });

  it('refuses tab indentation with its line and column', () => {
    expect(usageError(() => buildValues([{ path: 'tabs.yaml', text: 'services:\n\tapi: 1\n' }], []))).toBe(
      'values file tabs.yaml:2:1: Tabs are not allowed as indentation',
    );
  });

  it('refuses a second YAML document in the same file (Helm would drop it silently)', () => {
    expect(usageError(() => buildValues([{ path: 'two.yaml', text: 'a: 1\n---\nb: 2\n' }], []))).toBe(
      'values file two.yaml:2:1: a second YAML document starts here (Helm would silently read only the first; pass each as its own --values file)',
    );
    expect(buildValues([{ path: 'lead.yaml', text: '---\nbaseDomain: x.io\n' }], []).get('baseDomain')).toBe('x.io');
  });
});
