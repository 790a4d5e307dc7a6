/** The rules every plan keeps (DESIGN §6), asserted over every planned call of every test plan. */
import { expect } from 'vitest';
import type { PlannedAction } from '../../../src/remediations/types.js';
import { findRemediation } from '../../../src/remediations/plan.js';
import { DESTRUCTIVE, addressRanges, worldOpenings } from '../../../src/remediations/safety.js';

const TAG = { Key: 'managed-by', Value: 'daytona-preflight' };

/** Calls that create a resource, and where their managed-by tag must be. */
const CREATES: Record<string, (params: Record<string, unknown>) => unknown> = {
  'ec2:AuthorizeSecurityGroupIngress': (p) => (p.TagSpecifications as { Tags: unknown[] }[])?.[0]?.Tags,
  'ec2:AuthorizeSecurityGroupEgress': (p) => (p.TagSpecifications as { Tags: unknown[] }[])?.[0]?.Tags,
  'ec2:CreateVpcEndpoint': (p) => (p.TagSpecifications as { Tags: unknown[] }[])?.[0]?.Tags,
  'ecr:CreateRepository': (p) => p.tags,
  'iam:CreateUser': (p) => p.Tags,
  's3:CreateBucket': (p) => (p.CreateBucketConfiguration as { Tags?: unknown[] } | undefined)?.Tags,
};

/** Calls that replace what exists wholesale: PutBucketTagging sets the whole tag set (tag at creation instead). */
const REPLACES = /^s3:PutBucketTagging$/;

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
      expect(c.api, `${a.id} never replaces a whole configuration`).not.toMatch(REPLACES);
      expect(addressRanges(a as PlannedAction), `${a.id} names groups and prefix lists, never address ranges`).toEqual([]);
      if (c.custom) expect(r!.customApis).toContain(c.api);
      else if (c.iamAction) expect(r!.iamActions, `${c.api} is declared by ${r!.id}`).toContain(c.iamAction);
      const tags = CREATES[c.api]?.(c.params);
      if (CREATES[c.api]) expect(tags, `${c.api} in ${a.id} tags what it creates`).toContainEqual(TAG);
    }
  });
}
