import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS, AREAS } from '../../src/engine/registry.js';
import type { Severity } from '../../src/engine/types.js';

const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

describe('every registered check honours the check contract', () => {
  it('has unique ids', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const check of ALL_CHECKS) {
    describe(check.id, () => {
      it('has a kebab-case id with its area prefix', () => {
        expect(check.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
        expect(AREAS).toContain(check.area);
        expect(check.id.startsWith(`${check.area}-`)).toBe(true);
      });

      it('has a title, a severity and docs that say what, why and how to fix', () => {
        expect(check.title.length).toBeGreaterThan(10);
        expect(SEVERITIES).toContain(check.severity);
        expect(check.docs.what.length).toBeGreaterThan(20);
        expect(check.docs.why.length).toBeGreaterThan(20);
        expect(check.docs.fix.length).toBeGreaterThan(20);
      });

      it('names a remediation', () => {
        expect(check.remediation, 'a remediation id or "manual"').toBeTruthy();
      });

      it('values checks need no AWS facts; live checks declare the facts they read', () => {
        if (check.area === 'values') expect(check.needs).toEqual([]);
        else expect(check.needs.length).toBeGreaterThan(0);
      });

      it('has a test file that exercises pass, fail and error', () => {
        const file = new URL(`../checks/${check.area}/${check.id}.test.ts`, import.meta.url);
        expect(existsSync(file), `test/checks/${check.area}/${check.id}.test.ts`).toBe(true);
        const text = readFileSync(file, 'utf8');
        for (const status of ['pass', 'fail', 'error']) {
          expect(text, `${check.id} test asserts status '${status}'`).toMatch(new RegExp(`['"\`]${status}['"\`]`));
        }
      });
    });
  }
});
