/**
 * --plan-out / --apply-plan: a reviewed plan saved with the observed state it was made from.
 * The file holds the actions exactly as planned, the bound facts (redacted) and their digest;
 * applying it later re-collects the same facts and refuses the plan when they changed, naming
 * the fact paths that differ. A plan file is also held to what the remediations may call, so an
 * edited file cannot smuggle in another API call or a rule open to the world.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { UsageError } from '../cli/errors.js';
import { TOOL_NAME, TOOL_VERSION } from '../cli/version.js';
import type { Redactor } from '../secrets/redact.js';
import type { PlannedAction } from './types.js';
import { digestOf, type BoundFacts } from './state.js';
import { findRemediation } from './plan.js';
import { addressRanges, worldOpenings } from './safety.js';

export const PLAN_KIND = 'daytona-preflight/plan';
export const PLAN_VERSION = 1;

export interface PlanFile {
  kind: typeof PLAN_KIND;
  version: typeof PLAN_VERSION;
  createdAt: string;
  tool: { name: string; version: string };
  /** Who and where the plan is for (also bound through the facts). */
  target: { accountId?: string; region?: string; cluster?: string };
  failOn: 'fail' | 'warn';
  /** `sha256:` of the canonical JSON of `facts`. */
  digest: string;
  facts: BoundFacts;
  actions: PlannedAction[];
}

export function writePlanFile(file: string, plan: Omit<PlanFile, 'kind' | 'version' | 'createdAt' | 'tool' | 'digest'>, redactor: Redactor, now = new Date()): PlanFile {
  const doc: PlanFile = {
    kind: PLAN_KIND,
    version: PLAN_VERSION,
    createdAt: now.toISOString(),
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    target: plan.target,
    failOn: plan.failOn,
    digest: digestOf(plan.facts),
    facts: plan.facts,
    actions: plan.actions,
  };
  try {
    writeFileSync(file, `${redactor.text(JSON.stringify(doc, null, 2))}\n`, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot write plan ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return doc;
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The problems of one action of a plan file (empty when it is sound). */
function actionProblems(a: PlannedAction, index: number): string[] {
  const where = `action ${index + 1}${typeof a?.id === 'string' ? ` (${a.id})` : ''}`;
  if (!a || typeof a !== 'object' || typeof a.id !== 'string' || typeof a.checkId !== 'string' || typeof a.description !== 'string' || !Array.isArray(a.calls) || !isStrings(a.dependsOn)) {
    return [`${where} is not a planned action`];
  }
  if (!['safe', 'risky', 'manual'].includes(a.safety)) return [`${where} has an unknown safety class`];
  if (a.safety === 'manual') return a.calls.length ? [`${where} is manual but lists API calls`] : [];
  const r = findRemediation(a.remediation);
  if (!r) return [`${where} names an unknown remediation '${String(a.remediation)}'`];
  const problems: string[] = [];
  for (const c of a.calls) {
    if (!c || typeof c.api !== 'string' || typeof c.iamAction !== 'string' || typeof c.target !== 'string' || !c.params || typeof c.params !== 'object') {
      problems.push(`${where} has a malformed call`);
      continue;
    }
    const allowed = c.custom ? (r.customApis ?? []).includes(c.api) : r.iamActions.includes(c.iamAction) && c.api.split(':')[0] === c.iamAction.split(':')[0];
    if (!allowed) problems.push(`${where}: ${c.api} is not a call remediation ${r.id} makes`);
  }
  for (const w of [...worldOpenings(a), ...addressRanges(a)]) problems.push(`${where}: ${w}`);
  return problems;
}

export function readPlanFile(file: string): PlanFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read plan ${file}: ${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)}. Make one with 'daytona-preflight check --fix --plan-out ${file}'.`);
  }
  let doc: Partial<PlanFile>;
  try {
    doc = JSON.parse(text) as Partial<PlanFile>;
  } catch (err) {
    throw new UsageError(`plan ${file} is not valid JSON (${(err as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || doc.kind !== PLAN_KIND) throw new UsageError(`${file} is not a daytona-preflight plan (expected "kind": "${PLAN_KIND}")`);
  if (doc.version !== PLAN_VERSION) throw new UsageError(`plan ${file} has version ${String(doc.version)}; this daytona-preflight ${TOOL_VERSION} reads version ${PLAN_VERSION}`);
  if (!doc.facts || typeof doc.facts !== 'object' || typeof doc.digest !== 'string' || !Array.isArray(doc.actions)) throw new UsageError(`plan ${file} lacks its facts, digest or actions`);
  if (digestOf(doc.facts) !== doc.digest) throw new UsageError(`plan ${file} was edited: its facts no longer match its digest ${doc.digest}. Make a new plan with --plan-out.`);
  const problems = doc.actions.flatMap((a, i) => actionProblems(a as PlannedAction, i));
  const ids = doc.actions.map((a) => (a as PlannedAction).id);
  if (new Set(ids).size !== ids.length) problems.push('action ids are not unique');
  // Applied in file order: a dependency that is not earlier would be applied after, or never checked.
  doc.actions.forEach((a, i) => {
    for (const d of isStrings((a as PlannedAction)?.dependsOn) ? (a as PlannedAction).dependsOn : []) if (!ids.slice(0, i).includes(d)) problems.push(`action ${i + 1} (${(a as PlannedAction).id}) depends on ${d}, which does not come before it`);
  });
  if (problems.length) throw new UsageError(`plan ${file} cannot be applied: ${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''}`);
  return doc as PlanFile;
}
