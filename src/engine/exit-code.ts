import type { Status, Summary } from './types.js';

export type FailOn = 'fail' | 'warn';

/** Exit codes (DESIGN.md §2): 0 ready, 1 not ready, 2 usage, 3 incomplete. */
export const EXIT = { ready: 0, notReady: 1, usage: 2, incomplete: 3 } as const;

export function summarize(statuses: readonly Status[], failOn: FailOn, remediationFailed = false): Summary {
  const count = (s: Status) => statuses.filter((x) => x === s).length;
  const summary = { pass: count('pass'), fail: count('fail'), warn: count('warn'), skip: count('skip'), error: count('error'), exitCode: 0 };
  const failing = summary.fail + (failOn === 'warn' ? summary.warn : 0);
  const evaluated = summary.pass + summary.fail + summary.warn + summary.error;
  if (failing > 0 || remediationFailed) summary.exitCode = EXIT.notReady;
  else if (summary.error > 0 || evaluated === 0) summary.exitCode = EXIT.incomplete;
  else summary.exitCode = EXIT.ready;
  return summary;
}
