import type { Report } from '../report/types.js';
// Implemented by the --fix work.
export async function runFix(input: { report: Report; [k: string]: unknown }): Promise<Report> {
  throw new Error(`--fix is not implemented yet (${input.report.checks.length} checks)`);
}
