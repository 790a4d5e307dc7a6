import type { Intent, ValuesView } from './types.js';
// Implemented by the values work.
export function deriveIntent(_values: ValuesView, _opts: { release: string; namespace: string }): Intent {
  throw new Error('not implemented');
}
export function describeIntent(_intent: Intent): Record<string, unknown> {
  throw new Error('not implemented');
}
