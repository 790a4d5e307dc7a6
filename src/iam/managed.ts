/**
 * AWS-managed policies are recognised by ARN, never fetched: their documents ship in
 * data/aws-managed-policies (see SOURCES.md there). An AWS-managed ARN is
 * `arn:<partition>:iam::aws:policy/<path><name>` in every partition (aws, aws-cn, aws-us-gov…).
 */
import { readdirSync } from 'node:fs';
import { dataUrl, readData } from '../data.js';
import type { AttachedPolicy, IamPrincipal, PolicyDocument } from '../inventory/types.js';

const DIR = 'data/aws-managed-policies';
const MANAGED_ARN = /^arn:([^:]+):iam::aws:policy\/(.+)$/;

export interface ManagedPolicy {
  name: string;
  /** ARN in the partition asked for. */
  arn: string;
  /** Path and name after `policy/` (`service-role/AmazonEBSCSIDriverPolicy`). */
  pathName: string;
  versionId: string;
  updateDate: string;
  /** With ARNs in its resources rewritten to the partition asked for. */
  document: PolicyDocument;
}

interface Shipped {
  policyName: string;
  arn: string;
  versionId: string;
  updateDate: string;
  document: PolicyDocument;
}

let shipped: Map<string, Shipped> | undefined;

/** The shipped policies by name, read once. */
function shippedPolicies(): Map<string, Shipped> {
  if (!shipped) {
    shipped = new Map();
    for (const file of readdirSync(dataUrl(`${DIR}/`)).filter((f) => f.endsWith('.json')).sort()) {
      const p = JSON.parse(readData(`${DIR}/${file}`)) as Shipped;
      shipped.set(p.policyName, p);
    }
  }
  return shipped;
}

/** The partition of any ARN (`arn:aws-cn:…` → `aws-cn`); 'aws' when it is not an ARN. */
export function partitionOf(arn: string): string {
  const m = /^arn:([^:]+):/.exec(arn);
  return m ? m[1]! : 'aws';
}

export function isAwsManagedPolicyArn(arn: string): boolean {
  return MANAGED_ARN.test(arn);
}

/** `arn:aws-cn:iam::aws:policy/service-role/X` → `service-role/X`; undefined when not AWS-managed. */
function managedPathName(arn: string): string | undefined {
  return MANAGED_ARN.exec(arn)?.[2];
}

/** Rewrite `arn:aws:` inside a shipped document to another partition, so its resources match there. */
function inPartition(doc: PolicyDocument, partition: string): PolicyDocument {
  if (partition === 'aws') return doc;
  return JSON.parse(JSON.stringify(doc).replace(/"arn:aws:/g, `"arn:${partition}:`)) as PolicyDocument;
}

/**
 * A shipped AWS-managed policy, by ARN (any partition) or by bare name (partition `aws`).
 * Undefined when it is not AWS-managed or its document is not shipped.
 */
export function managedPolicy(arnOrName: string): ManagedPolicy | undefined {
  const isArn = arnOrName.startsWith('arn:');
  const pathName = isArn ? managedPathName(arnOrName) : undefined;
  if (isArn && pathName === undefined) return undefined;
  const name = isArn ? pathName!.slice(pathName!.lastIndexOf('/') + 1) : arnOrName;
  const p = shippedPolicies().get(name);
  if (!p) return undefined;
  const shippedPathName = managedPathName(p.arn)!;
  // Same name under another path is another policy.
  if (isArn && pathName !== shippedPathName) return undefined;
  const partition = isArn ? partitionOf(arnOrName) : 'aws';
  return {
    name,
    arn: `arn:${partition}:iam::aws:policy/${shippedPathName}`,
    pathName: shippedPathName,
    versionId: p.versionId,
    updateDate: p.updateDate,
    document: inPartition(p.document, partition),
  };
}

/** The ARN of a shipped AWS-managed policy in a partition (the path comes from the shipped file). */
export function awsManagedPolicyArn(name: string, partition: string): string {
  const p = managedPolicy(name);
  if (!p) throw new Error(`AWS-managed policy ${name} is not shipped in ${DIR}`);
  return `arn:${partition}:iam::aws:policy/${p.pathName}`;
}

/** Names of the AWS-managed policies whose documents ship with the tool. */
export function shippedManagedPolicyNames(): string[] {
  return [...shippedPolicies().keys()];
}

/** The attached policy that is the AWS-managed policy `name`, in whatever partition the principal lives. */
export function attachedManaged(principal: Pick<IamPrincipal, 'attached'>, name: string): AttachedPolicy | undefined {
  return principal.attached.find((a) => {
    const pn = managedPathName(a.arn);
    return pn !== undefined && pn.slice(pn.lastIndexOf('/') + 1) === name;
  });
}

/** The document of an attached policy: the collected one, else the shipped AWS-managed one; undefined when unknown. */
export function documentOf(policy: AttachedPolicy): PolicyDocument | undefined {
  return policy.document ?? managedPolicy(policy.arn)?.document;
}
