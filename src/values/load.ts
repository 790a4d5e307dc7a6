import type { ValuesView } from './types.js';
// Implemented by the values work: Helm-style merge of chart defaults, files, --set.
export function loadValues(_files: string[], _sets: string[]): ValuesView {
  throw new Error('not implemented');
}
