import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/engine/registry.js';
import { REMEDIATIONS, findRemediation } from '../../src/remediations/index.js';
import { DESTRUCTIVE } from '../../src/remediations/safety.js';

describe('remediations and checks agree', () => {
  it.each(ALL_CHECKS.filter((c) => c.remediation && c.remediation !== 'manual').map((c) => [c.id, c.remediation!]))('%s names %s, which exists and plans for it', (id, remediation) => {
    const r = findRemediation(remediation);
    expect(r, `remediation ${remediation}`).toBeDefined();
    expect(r!.fixes).toContain(id);
  });

  it('every remediation plans for checks that exist, and declares only additive IAM actions (one rollback excepted)', () => {
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    for (const r of REMEDIATIONS) {
      for (const id of r.fixes) expect(ids.has(id), `${r.id} fixes ${id}`).toBe(true);
      expect(r.iamActions.filter((a) => DESTRUCTIVE.test(a)), r.id).toEqual([]);
    }
  });
});
