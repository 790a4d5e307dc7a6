// Implemented by the live AWS work: prints the IAM policy generated from the collectors' declared actions.
export function permissionsCommand(_opts: { fix: boolean }): number {
  throw new Error('not implemented');
}
