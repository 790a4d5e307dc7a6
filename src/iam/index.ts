/** IAM policy evaluation, written for this project (no external IAM library). */
export { compile, covers, overlaps, matches, literal, type Pattern, type Token } from './glob.js';
export { parseDocument, parseStatement, statementsOf, statementApplies, request, describeRef, type StatementRef, type ParsedStatement, type PolicySource, type Request } from './policy.js';
export { managedPolicy, awsManagedPolicyArn, isAwsManagedPolicyArn, attachedManaged, documentOf, partitionOf, shippedManagedPolicyNames, type ManagedPolicy } from './managed.js';
export {
  evaluate,
  evaluateKnown,
  grantsFor,
  identityPolicies,
  boundaryPolicy,
  unknownPoliciesError,
  type Evaluation,
  type Decision,
  type EvaluateOptions,
  type PrincipalPolicy,
} from './evaluate.js';
export { evaluateResourcePolicy, principalMatches, principalEntryMatches, type ResourcePolicyEvaluation } from './resource-policy.js';
export { nodeRoles, type NodeRole, type NodeRoles } from './node-roles.js';
