import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { CLUSTER_ROLE_YAML, KUBE_REQUESTS, rbacRules } from '../../../src/inventory/kube/rbac.js';
import { permissionsCommand } from '../../../src/cli/permissions-command.js';

describe('the ClusterRole for the in-cluster checks', () => {
  it('is a read-only ClusterRole with exactly the requests the collector declares', () => {
    const role = parse(CLUSTER_ROLE_YAML) as { apiVersion: string; kind: string; metadata: { name: string }; rules: { apiGroups?: string[]; resources?: string[]; nonResourceURLs?: string[]; verbs: string[] }[] };
    expect(role).toMatchObject({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'daytona-preflight' } });
    expect(role.rules).toEqual([
      { apiGroups: [''], resources: ['serviceaccounts'], verbs: ['get'] },
      { apiGroups: [''], resources: ['nodes', 'secrets'], verbs: ['list'] },
      { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] },
      { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: ['list'] },
      { apiGroups: ['storage.k8s.io'], resources: ['csidrivers', 'storageclasses'], verbs: ['list'] },
      { nonResourceURLs: ['/version'], verbs: ['get'] },
    ]);
    const verbs = role.rules.flatMap((r) => r.verbs);
    expect(verbs.every((v) => v === 'get' || v === 'list')).toBe(true);
  });

  it('never grants a verb to a resource the collector does not use it on', () => {
    // Rules grant every verb to every resource listed: resources with different verbs must not share a rule.
    for (const rule of rbacRules(Object.values(KUBE_REQUESTS)))
      for (const resource of rule.resources ?? rule.nonResourceURLs ?? [])
        for (const verb of rule.verbs) expect(Object.values(KUBE_REQUESTS).some((r) => r.resource === resource && r.verb === verb), `${verb} ${resource}`).toBe(true);
  });

  it('is what `permissions` prints on stderr, as valid YAML', async () => {
    let err = '';
    let out = '';
    await permissionsCommand({ fix: false }, { stdout: (t) => (out += t), stderr: (t) => (err += t) });
    expect(err).toContain(CLUSTER_ROLE_YAML.trimEnd());
    expect(parse(err)).toMatchObject({ kind: 'ClusterRole' });
    expect(JSON.parse(out)).toMatchObject({ Version: '2012-10-17' });
  });
});
