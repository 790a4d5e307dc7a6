/**
 * attach-node-policies: AttachRolePolicy for each AWS-managed policy a node role lacks
 * (iam-node-role, ecr-pull-rights: their evidence names role and policy ARN, in the role's
 * partition). Safety follows DESIGN §6: attaching an AWS-managed read-only policy is `safe`; a
 * policy that grants writes (AmazonEKS_CNI_Policy lets the node create and delete network
 * interfaces) changes what every pod on the node may do through the node role: `risky`.
 */
import type { CheckResult } from '../engine/types.js';
import { managedPolicy } from '../iam/managed.js';
import { statementsOf } from '../iam/policy.js';
import type { PlanContext, PlannedAction, Remediation, Safety } from './types.js';
import { evidenceArray, includeWarnings, str } from './support.js';

export const ID = 'attach-node-policies';

/** Read verbs, and the one credential action nodes use to serve EKS Pod Identity (it changes nothing). */
const READ_ACTION = /^[a-z0-9-]+:(Describe|Get|List|BatchGet|BatchCheck)[A-Za-z]*$/;
const READ_LIKE = new Set(['eks-auth:AssumeRoleForPodIdentity']);

/** Whether every action an AWS-managed policy allows only reads. Unknown policies are not read-only. */
export function isReadOnlyManagedPolicy(policyArn: string): boolean {
  const p = managedPolicy(policyArn);
  if (!p) return false;
  const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  return statementsOf(p.document).every((st) => st.Effect !== 'Allow' || (st.NotAction === undefined && list(st.Action).every((a) => READ_ACTION.test(a) || READ_LIKE.has(a))));
}

function plan(ctx: PlanContext, result: CheckResult): PlannedAction[] {
  const wanted = [...evidenceArray(result, 'attach'), ...(includeWarnings(ctx) ? evidenceArray(result, 'attachOptional') : [])];
  const out = new Map<string, PlannedAction>();
  for (const w of wanted) {
    const roleName = str(w.roleName);
    const roleArn = str(w.roleArn);
    const policyArn = str(w.policyArn);
    if (!roleName || !roleArn || !policyArn) continue;
    const policyName = policyArn.slice(policyArn.lastIndexOf('/') + 1);
    const id = `${ID}:${roleName}:${policyName}`;
    if (out.has(id)) continue;
    const safety: Safety = isReadOnlyManagedPolicy(policyArn) ? 'safe' : 'risky';
    out.set(id, {
      id,
      checkId: result.id,
      description: `Attach the AWS-managed policy ${policyName} to node role ${roleName}`,
      calls: [{ api: 'iam:AttachRolePolicy', iamAction: 'iam:AttachRolePolicy', target: roleArn, params: { RoleName: roleName, PolicyArn: policyArn } }],
      safety,
      remediation: ID,
      dependsOn: [],
      ...(safety === 'risky' ? { notes: [`${policyName} grants write actions to the node role (every pod on those nodes can use them): applied only with --fix-type risky.`] } : {}),
    });
  }
  return [...out.values()];
}

export const attachNodePolicies: Remediation = {
  id: ID,
  fixes: ['iam-node-role', 'ecr-pull-rights'],
  iamActions: ['iam:AttachRolePolicy'],
  plan,
};
