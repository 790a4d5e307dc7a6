import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../../src/engine/registry.js';
import { catalogueMarkdown } from '../../src/cli/info-commands.js';

const START = '<!-- catalogue:start -->';
const END = '<!-- catalogue:end -->';

describe('the README check catalogue', () => {
  it('is the catalogue the registry generates (run `npm run build && npm run docs:catalogue -- --write` to refresh it)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, `README.md has ${START}`).toBeGreaterThanOrEqual(0);
    expect(end, `README.md has ${END} after ${START}`).toBeGreaterThan(start);
    const inReadme = readme.slice(start + START.length, end).trim();
    expect(inReadme).toBe(catalogueMarkdown(ALL_CHECKS).trim());
  });

  it('lists every registered check id', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const check of ALL_CHECKS) expect(readme).toContain(`\`${check.id}\``);
  });
});
