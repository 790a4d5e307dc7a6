import type { Report } from './types.js';
export type OutputFormat = 'table' | 'json' | 'junit' | 'sarif' | 'markdown';
// Implemented by the reports work.
export function renderReport(_report: Report, _format: OutputFormat, _opts: { color: boolean }): string {
  throw new Error('not implemented');
}
