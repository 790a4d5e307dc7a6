/** Small builders for IAM principals in evaluator tests. */
import type { AttachedPolicy, IamPrincipal, InlinePolicy, PolicyStatement } from '../../src/inventory/types.js';

export const ACCOUNT = '111122223333';

export function doc(...statements: PolicyStatement[]) {
  return { Version: '2012-10-17', Statement: statements };
}

export function inline(name: string, ...statements: PolicyStatement[]): InlinePolicy {
  return { name, document: doc(...statements) };
}

export function customer(name: string, ...statements: PolicyStatement[]): AttachedPolicy {
  return { arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, name, document: doc(...statements) };
}

/** An AWS-managed policy as the collector reports it: ARN only, no document. */
export function awsManaged(name: string, partition = 'aws', path = ''): AttachedPolicy {
  return { arn: `arn:${partition}:iam::aws:policy/${path}${name}`, name };
}

export function role(over: Partial<IamPrincipal> = {}): IamPrincipal {
  return { kind: 'role', name: 'nodes', arn: `arn:aws:iam::${ACCOUNT}:role/nodes`, attached: [], inline: [], ...over };
}

export function user(over: Partial<IamPrincipal> = {}): IamPrincipal {
  return { kind: 'user', name: 'harbor', arn: `arn:aws:iam::${ACCOUNT}:user/harbor`, attached: [], inline: [], groups: [], ...over };
}
