/**
 * The JSON Schema of the report (data/report.schema.json, shipped in the package) and a validator
 * that also checks what a schema cannot say: the summary counts the checks, ids are unique, and
 * a remediation action depends only on actions of the same plan.
 */
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { readData } from '../data.js';
import { STATUSES } from '../engine/types.js';

// ajv and ajv-formats are CommonJS with a `default` export; under NodeNext the default import is the module object.
const Ajv2020 = Ajv2020Module.default;
const addFormats = addFormatsModule.default;

export const REPORT_SCHEMA_FILE = 'data/report.schema.json';

let compiled: ValidateFunction | undefined;

export function reportSchema(): Record<string, unknown> {
  return JSON.parse(readData(REPORT_SCHEMA_FILE)) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false });
    addFormats(ajv);
    compiled = ajv.compile(reportSchema());
  }
  return compiled;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '/';
  const extra = e.keyword === 'additionalProperties' ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'` : '';
  return `${where} ${e.message ?? e.keyword}${extra}`;
}

type Loose = Record<string, unknown>;

/** Consistency the schema cannot express. Runs only on a schema-valid report. */
function semanticErrors(report: Loose): string[] {
  const errors: string[] = [];
  const checks = report.checks as { id: string; status: string }[];
  const summary = report.summary as Record<string, number>;
  for (const status of STATUSES) {
    const n = checks.filter((c) => c.status === status).length;
    if (summary[status] !== n) errors.push(`/summary/${status} is ${summary[status]}, but ${n} checks have status '${status}'`);
  }
  const seen = new Set<string>();
  for (const c of checks) {
    if (seen.has(c.id)) errors.push(`/checks: check id '${c.id}' appears twice`);
    seen.add(c.id);
  }
  const remediation = report.remediation as { actions: { id: string; dependsOn: string[] }[]; before?: { summary: Record<string, number>; statuses: Record<string, string> } } | undefined;
  if (remediation) {
    const actionIds = new Set<string>();
    for (const a of remediation.actions) {
      if (actionIds.has(a.id)) errors.push(`/remediation/actions: action id '${a.id}' appears twice`);
      actionIds.add(a.id);
    }
    for (const a of remediation.actions) {
      for (const dep of a.dependsOn) if (!actionIds.has(dep)) errors.push(`/remediation/actions: '${a.id}' depends on '${dep}', which is not in the plan`);
    }
    if (remediation.before) {
      const statuses = Object.values(remediation.before.statuses);
      for (const status of STATUSES) {
        const n = statuses.filter((s) => s === status).length;
        if (remediation.before.summary[status] !== n) errors.push(`/remediation/before/summary/${status} is ${remediation.before.summary[status]}, but ${n} statuses are '${status}'`);
      }
    }
  }
  return errors;
}

/** Validate a parsed JSON report against the shipped schema and the report's own consistency rules. */
export function validateReport(obj: unknown): { valid: boolean; errors: string[] } {
  const validate = validator();
  if (!validate(obj)) return { valid: false, errors: (validate.errors ?? []).map(describe) };
  const errors = semanticErrors(obj as Loose);
  return { valid: errors.length === 0, errors };
}
