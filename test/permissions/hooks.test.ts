import { describe, expect, it } from 'vitest';
import { loadClusterRoleYaml, loadRemediationActions, optionalExport } from '../../src/permissions/hooks.js';
import { loadKubeCollector } from '../../src/inventory/collect.js';

const isList = (v: unknown): v is readonly string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
// Specifiers are relative to src/permissions/hooks.ts, as the real ones are.
const FIXTURES = '../../test/permissions/fixtures';

describe('optional parts of the build', () => {
  it('reads an export that is there and has the expected shape', async () => {
    expect(await optionalExport(`${FIXTURES}/with-export.js`, 'REMEDIATION_ACTIONS', isList)).toEqual(['ec2:CreateTags']);
  });

  it('is undefined when the module is absent, or the export is missing or of another shape', async () => {
    expect(await optionalExport(`${FIXTURES}/absent.js`, 'REMEDIATION_ACTIONS', isList)).toBeUndefined();
    expect(await optionalExport(`${FIXTURES}/with-export.js`, 'CLUSTER_ROLE_YAML', isList)).toBeUndefined();
    expect(await optionalExport(`${FIXTURES}/with-export.js`, 'NOT_A_LIST', isList)).toBeUndefined();
  });

  it('surfaces a module that is there but fails to load', async () => {
    await expect(optionalExport(`${FIXTURES}/broken-import.js`, 'REMEDIATION_ACTIONS', isList)).rejects.toThrow(/does-not-exist/);
  });

  it('finds the remediations write actions, the ClusterRole and the in-cluster collector of this build', async () => {
    const actions = await loadRemediationActions();
    expect(actions?.length).toBeGreaterThan(0);
    expect(actions?.every((a) => /^[a-z0-9-]+:[A-Za-z]+$/.test(a))).toBe(true);
    expect(await loadClusterRoleYaml()).toMatch(/kind: ClusterRole/);
    expect(typeof (await loadKubeCollector())).toBe('function');
  });
});
