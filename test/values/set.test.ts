import { describe, expect, it } from 'vitest';
import { buildValues, loadValues } from '../../src/values/load.js';
import { applySet, displaySetItem, typedVal } from '../../src/values/set.js';
import { usageError } from './support.js';

/** Apply --set items to an empty user tree, as Helm does before the defaults. */
function set(...items: string[]): Record<string, unknown> {
  const tree: Record<string, unknown> = {};
  for (const item of items) applySet(item, tree);
  return tree;
}

describe('--set in Helm syntax', () => {
  it('sets a dotted key, creating the maps on the way', () => {
    expect(set('services.api.env.FOO=bar')).toEqual({ services: { api: { env: { FOO: 'bar' } } } });
  });

  it('types scalars as Helm does: booleans and null case-insensitively, integers without a leading zero', () => {
    expect(set('a=true,b=FALSE,c=null,d=42,e=-7,f=0,g=007,h=1.5,i=v1,j=')).toEqual({
      a: true,
      b: false,
      c: null,
      d: 42,
      e: -7,
      f: 0,
      g: '007',
      h: '1.5',
      i: 'v1',
      j: '',
    });
  });

  it('keeps integers past 2^53 as text, so the digits do not change', () => {
    expect(typedVal('123456789012345678901')).toBe('123456789012345678901');
    expect(typedVal('123456789012')).toBe(123456789012);
  });

  it('takes several comma-separated pairs in one item', () => {
    expect(set('a=1,b.c=2')).toEqual({ a: 1, b: { c: 2 } });
  });

  it('reads {x,y} as a list of typed values', () => {
    expect(set('l={a,2,true}')).toEqual({ l: ['a', 2, true] });
    expect(set('l={a,b},m=1')).toEqual({ l: ['a', 'b'], m: 1 });
  });

  it('sets list items by index, growing the list with nulls', () => {
    expect(set('l[2]=c')).toEqual({ l: [null, null, 'c'] });
    expect(set('l[0].name=a,l[1].name=b')).toEqual({ l: [{ name: 'a' }, { name: 'b' }] });
    expect(set('m[1][0]=x')).toEqual({ m: [null, ['x']] });
  });

  it('changes one field of an existing list item in place', () => {
    const tree: Record<string, unknown> = { l: [{ name: 'a', path: '/' }, { name: 'b' }] };
    applySet('l[0].name=z', tree);
    expect(tree).toEqual({ l: [{ name: 'z', path: '/' }, { name: 'b' }] });
  });

  it('unescapes \\. in keys and \\, in values', () => {
    expect(
      set('services.sshGateway.service.annotations.service\\.beta\\.kubernetes\\.io/aws-load-balancer-scheme=internet-facing'),
    ).toEqual({ services: { sshGateway: { service: { annotations: { 'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing' } } } } });
    expect(set('a=x\\,y,b=2')).toEqual({ a: 'x,y', b: 2 });
  });

  it('keeps = inside a value', () => {
    expect(set('a=k=v')).toEqual({ a: 'k=v' });
  });

  it('replaces a scalar with a map when a later --set goes deeper (later wins)', () => {
    expect(set('a=1', 'a.b=2')).toEqual({ a: { b: 2 } });
  });
});

describe('--set through loadValues', () => {
  it('null deletes a key of the chart defaults', () => {
    const v = loadValues([], ['services.api.ingress.annotations=null,harbor.externalURL=null']);
    expect(v.get('harbor.externalURL')).toBeUndefined();
    expect(v.get('services.api.ingress.annotations')).toBeUndefined();
    expect(v.get('services.api.ingress.className')).toBe('nginx');
  });

  it('a list index under a key the defaults hold as a list replaces that list (the defaults are not merged into lists)', () => {
    const v = loadValues([], ['dex.config.staticPasswords[0].email=ops@acme.io']);
    expect(v.get('dex.config.staticPasswords')).toEqual([{ email: 'ops@acme.io' }]);
  });

  it('writes into the list a values file gave', () => {
    const v = buildValues([{ path: 'f.yaml', text: 'services:\n  api:\n    ingress:\n      extraHosts:\n        - name: a\n        - name: b\n' }], [
      'services.api.ingress.extraHosts[1].name=z',
    ]);
    expect(v.get('services.api.ingress.extraHosts')).toEqual([{ name: 'a' }, { name: 'z' }]);
  });

  it('accepts top-level keys the templates read although the defaults lack them', () => {
    expect(loadValues([], ['fullnameOverride=acme']).get('fullnameOverride')).toBe('acme');
    expect(loadValues([], ['imagePullSecrets[0].name=regcred']).get('imagePullSecrets')).toEqual([{ name: 'regcred' }]);
  });
});

describe('--set errors: one line naming the item and the expected form', () => {
  it('rejects an unknown top-level key and names the closest known one', () => {
    expect(usageError(() => loadValues([], ['servics.api.replicaCount=2']))).toBe(
      '--set servics.api.replicaCount=2: the chart has no top-level key "servics" (did you mean "services"?)',
    );
    expect(usageError(() => loadValues([], ['harbr.enabled=false']))).toContain('did you mean "harbor"?');
  });

  it('lists the known keys when nothing is close', () => {
    const msg = usageError(() => loadValues([], ['zzzzzzzzzzzz=1']));
    expect(msg).toContain('the chart has no top-level key "zzzzzzzzzzzz" (known keys: affinity, apiMigration, baseDomain,');
  });

  it.each([
    ['services.api', 'key "services.api" has no value'],
    ['a.b,c=1', 'key "a.b" has no value (cannot end with ,)'],
    ['l[x]=1', '"l[x]": the list index must be a number'],
    ['l[-1]=1', '"l[-1]": negative list index'],
    ['l[0=1', '"l[0=1" has no closing ]'],
    ['l[0]x=1', 'unexpected "x" after the list index in "l[0]"'],
    ['l={a,b', 'list must end with "}"'],
    ['=1', 'empty key before "="'],
    ['a..b=1', 'empty key before "."'],
    ['l[70000]=1', '"l[70000]": list index over 65536'],
  ])('%s → %s', (item, reason) => {
    const msg = usageError(() => applySet(item, {}));
    expect(msg).toBe(`--set ${item}: ${reason} (expected key=value, key.sub=value, list[0]=value or key={a,b}, pairs separated by commas)`);
  });

  it('never echoes a secret value in the message', () => {
    const msg = usageError(() => loadValues([], ['externalDatabase.password=hunter2secret,nosuchkey']));
    expect(msg).not.toContain('hunter2secret');
    expect(msg).toContain('externalDatabase.password=[REDACTED]');
    expect(displaySetItem('services.api.env.S3_SECRET_KEY=abc\\,def,baseDomain=x.io')).toBe('services.api.env.S3_SECRET_KEY=[REDACTED],baseDomain=x.io');
  });

  it('masks every item of a {a,b} list under a secret key, not only the first', () => {
    const msg = usageError(() => loadValues([], ['externalDatabase.password={first-secret-1,second-secret-2},nosuch=1']));
    expect(msg).not.toContain('second-secret-2');
    expect(msg).toContain('--set externalDatabase.password=[REDACTED],nosuch=1:');
    const open = usageError(() => loadValues([], ['externalDatabase.password={first-secret-1,second-secret-2']));
    expect(open).not.toContain('second-secret-2');
    expect(displaySetItem('a={x,y},harbor.harborAdminPassword={p-one,p-two},b=2')).toBe('a={x,y},harbor.harborAdminPassword=[REDACTED],b=2');
  });
});
