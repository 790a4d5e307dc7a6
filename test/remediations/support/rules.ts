/** The rules every plan keeps (DESIGN §6), asserted over every planned call of every test plan. */
import { expect } from 'vitest';
import type { PlannedAction } from '../../../src/remediations/types.js';
import { findRemediation } from '../../../src/remediations/plan.js';
import { DESTRUCTIVE, worldOpenings } from '../../../src/remediations/safety.js';

const TAG = { Key: 'managed-by', Value: 'daytona-preflight' };

/** Calls that create a resource, and where their managed-by tag must be. */
const CREATES: Record<string, (params: Record<string, unknown>, action: Checked) => unknown> = {
  'ec2:AuthorizeSecurityGroupIngress': (p) => (p.TagSpecifications as { Tags: unknown[] }[])?.[0]?.Tags,
  'ec2:AuthorizeSecurityGroupEgress': (p) => (p.TagSpecifications as { Tags: unknown[] }[])?.[0]?.Tags,
  'ec2:CreateVpcEndpoint': (p) => (p.TagSpecifications as { Tags: unknown[] }[])?.[0]?.Tags,
  'ecr:CreateRepository': (p) => p.tags,
  'iam:CreateUser': (p) => p.Tags,
  // The bucket is tagged by the PutBucketTagging call of the same action.
  's3:CreateBucket': (_p, a) => (a.calls.find((c) => c.api === 's3:PutBucketTagging')?.params.Tagging as { TagSet: unknown[] } | undefined)?.TagSet,
};

/** A report's action records carry no iamAction; everything else is checked the same. */
type Checked = Omit<PlannedAction, 'calls'> & { calls: (Omit<PlannedAction['calls'][number], 'iamAction'> & { iamAction?: string })[] };

export function expectPlanKeepsTheRules(actions: readonly Checked[]): void {
  const ids = actions.map((a) => a.id);
  expect(new Set(ids).size, 'action ids are unique').toBe(ids.length);
  actions.forEach((a, i) => {
    expect(worldOpenings(a as PlannedAction), `${a.id} opens nothing to the world`).toEqual([]);
    for (const d of a.dependsOn) expect(ids.slice(0, i), `${a.id} comes after ${d}`).toContain(d);
    if (a.safety === 'manual') {
      expect(a.calls, `${a.id} is manual: printed steps only`).toEqual([]);
      expect(a.notes?.length, `${a.id} has steps`).toBeGreaterThan(0);
      return;
    }
    const r = findRemediation(a.remediation);
    expect(r, `${a.id} names a known remediation`).toBeDefined();
    for (const c of a.calls) {
      expect(c.api, `${a.id} never deletes, revokes, replaces or detaches`).not.toMatch(DESTRUCTIVE);
      if (c.custom) expect(r!.customApis).toContain(c.api);
      else if (c.iamAction) expect(r!.iamActions, `${c.api} is declared by ${r!.id}`).toContain(c.iamAction);
      const tags = CREATES[c.api]?.(c.params, a);
      if (CREATES[c.api]) expect(tags, `${c.api} in ${a.id} tags what it creates`).toContainEqual(TAG);
    }
  });
}
