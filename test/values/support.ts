import { fileURLToPath } from 'node:url';
import { deriveIntent } from '../../src/values/intent.js';
import { loadValues } from '../../src/values/load.js';
import type { Intent } from '../../src/values/types.js';

/** Absolute path of fixtures/values/core/<name>. */
export function fx(name: string): string {
  return fileURLToPath(new URL(`../../fixtures/values/core/${name}`, import.meta.url));
}

/** loadValues + deriveIntent, as `check` runs them. */
export function intentOf(files: string[], sets: string[] = [], release = 'daytona'): Intent {
  return deriveIntent(loadValues(files.map(fx), sets), { release, namespace: 'daytona' });
}

/** The UsageError message thrown by fn, or fails the test when nothing (or something else) is thrown. */
export function usageError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if ((e as Error).name !== 'UsageError') throw e;
    return (e as Error).message;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}
