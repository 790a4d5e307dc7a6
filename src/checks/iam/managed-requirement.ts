/**
 * "Has AWS-managed policy X attached" the way the EKS guide says it, shared by iam-cluster-role and
 * iam-node-role: attached → ok; not attached but other policies (inline or customer-managed) grant
 * the same actions → equivalent, naming them; neither → missing, naming what is not granted.
 * Whether those grants are in effect (Deny, boundary) is ecr-pull-rights's question, not this one.
 */
import type { IamPrincipal, PolicyDocument } from '../../inventory/types.js';
import { attachedManaged, awsManagedPolicyArn, managedPolicy, partitionOf } from '../../iam/managed.js';
import { describeRef, statementsOf, type StatementRef } from '../../iam/policy.js';
import { grantsFor, unknownPoliciesError } from '../../iam/evaluate.js';

/** One action on one resource an equivalent grant must cover. */
export interface Grant {
  action: string;
  resource: string;
}

export type RequirementStatus =
  | { status: 'attached'; policyArn: string }
  | { status: 'equivalent'; grantedBy: string[]; conditional: boolean }
  | { status: 'missing'; notGranted: string[]; partlyGrantedBy: string[] };

/** The Allow grants of a shipped managed policy (in the principal's partition): what an equivalent must cover. */
export function grantsOfManaged(name: string, partition: string): Grant[] {
  const p = managedPolicy(awsManagedPolicyArn(name, partition));
  if (!p) throw new Error(`AWS-managed policy ${name} is not shipped`);
  return grantsOfDocument(p.document);
}

function grantsOfDocument(doc: PolicyDocument): Grant[] {
  const out: Grant[] = [];
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  for (const st of statementsOf(doc)) {
    if (st.Effect !== 'Allow') continue;
    for (const action of list(st.Action)) for (const resource of list(st.Resource)) out.push({ action, resource });
  }
  return out;
}

const refKey = (r: StatementRef) => describeRef(r);

/**
 * Judge one requirement on one principal. `names` are the acceptable managed policies (the first is
 * the one to attach); `grants` what an equivalent must cover (default: the first policy's own grants).
 * Throws FactUnavailable when no grant is found but some attached policy could not be read.
 */
export function judgeRequirement(principal: IamPrincipal, names: readonly string[], grants?: readonly Grant[]): RequirementStatus {
  for (const name of names) {
    const attached = attachedManaged(principal, name);
    if (attached) return { status: 'attached', policyArn: attached.arn };
  }
  const partition = partitionOf(principal.arn);
  const wanted = grants ?? grantsOfManaged(names[0]!, partition);
  const granted = new Map<string, StatementRef>();
  const notGranted: string[] = [];
  let unknown: string[] = [];
  for (const g of wanted) {
    const found = grantsFor(principal, g.action, g.resource);
    unknown = found.unknownPolicies;
    if (found.allowedBy.length) for (const r of found.allowedBy) granted.set(refKey(r), r);
    else notGranted.push(g.resource === '*' ? g.action : `${g.action} on ${g.resource}`);
  }
  const refs = [...granted.values()];
  if (!notGranted.length) return { status: 'equivalent', grantedBy: refs.map(describeRef), conditional: refs.some((r) => r.conditional) };
  // An unreadable policy might hold the rest: do not guess between warn and fail.
  if (unknown.length) throw unknownPoliciesError(principal.arn, unknown);
  return { status: 'missing', notGranted, partlyGrantedBy: refs.map(describeRef) };
}

/** Short wording of a missing requirement; the full list of actions stays in the evidence. */
export function notGrantedText(v: { notGranted: string[]; partlyGrantedBy: string[] }): string {
  if (!v.partlyGrantedBy.length) return 'and no other policy grants its actions';
  const shown = v.notGranted.slice(0, 3).join(', ');
  return `and other policies grant only part of it (${v.notGranted.length} action${v.notGranted.length > 1 ? 's' : ''} missing: ${shown}${v.notGranted.length > 3 ? ', …' : ''})`;
}
