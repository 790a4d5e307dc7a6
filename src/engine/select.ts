import type { Check } from './types.js';
import { UsageError } from '../cli/errors.js';

/** Split repeated or comma-separated option values into ids. */
export function splitIds(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((s) => s.trim()).filter(Boolean);
}

function matches(check: Check, selector: string): boolean {
  return check.id === selector || check.area === selector || check.id.startsWith(`${selector}-`);
}

/**
 * Resolve --only/--skip selectors (an id, an area, or an id prefix such as `rds-port`).
 * Returns the checks to run and, for those deselected by --skip, the ids to report as skipped.
 */
export function selectChecks(all: readonly Check[], only: readonly string[], skip: readonly string[]): { selected: Check[]; skipped: Check[] } {
  for (const selector of [...only, ...skip]) {
    if (!all.some((c) => matches(c, selector))) {
      const areas = [...new Set(all.map((c) => c.area))].join(', ');
      throw new UsageError(
        `unknown check id or area '${selector}'. Valid areas: ${areas}. Valid ids: ${all.map((c) => c.id).join(', ')}. ` +
          `Run 'daytona-preflight list-checks' to see them all.`,
      );
    }
  }
  const inOnly = (c: Check) => only.length === 0 || only.some((s) => matches(c, s));
  const inSkip = (c: Check) => skip.some((s) => matches(c, s));
  return {
    selected: all.filter((c) => inOnly(c) && !inSkip(c)),
    skipped: all.filter((c) => inOnly(c) && inSkip(c)),
  };
}
