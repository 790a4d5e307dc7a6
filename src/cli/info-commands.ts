// Implemented by the reports work: list-checks, explain.
export function listChecksCommand(_format: 'table' | 'json' | 'markdown'): number {
  throw new Error('not implemented');
}
export function explainCommand(_id: string): number {
  throw new Error('not implemented');
}
