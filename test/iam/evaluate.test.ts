import { describe, expect, it } from 'vitest';
import { evaluate, evaluateKnown, grantsFor } from '../../src/iam/evaluate.js';
import { FactUnavailable } from '../../src/inventory/fact.js';
import { ACCOUNT, awsManaged, customer, inline, role, user } from './principal.js';

const REPO = `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/daytonaio/daytona-api`;
const BUCKET = 'arn:aws:s3:::daytona-registry';

describe('evaluate: identity policies of a principal', () => {
  it('allows through an inline statement, naming the policy, Sid and index', () => {
    const p = role({ inline: [inline('pull', { Sid: 'Auth', Effect: 'Allow', Action: 'ecr:GetAuthorizationToken', Resource: '*' }, { Sid: 'Pull', Effect: 'Allow', Action: ['ecr:BatchGetImage'], Resource: REPO })] });
    const ev = evaluate(p, 'ecr:BatchGetImage', REPO);
    expect(ev).toMatchObject({ decision: 'allowed', conditional: false, deniedBy: [] });
    expect(ev.allowedBy).toEqual([{ policy: 'pull', sid: 'Pull', index: 1, source: 'inline', conditional: false }]);
  });

  it('is an implicit deny when nothing allows the action', () => {
    const p = role({ inline: [inline('other', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' })] });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO)).toMatchObject({ decision: 'implicit-deny', allowedBy: [] });
  });

  it('matches actions case-insensitively, with * and ? wildcards', () => {
    const p = role({ inline: [inline('w', { Effect: 'Allow', Action: ['ECR:Batch*', 'ecr:GetDownloadUrlForLaye?'], Resource: '*' })] });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO).decision).toBe('allowed');
    expect(evaluate(p, 'ecr:getdownloadurlforlayer', REPO).decision).toBe('allowed');
    expect(evaluate(p, 'ecr:GetAuthorizationToken', '*').decision).toBe('implicit-deny');
  });

  it('matches resources case-sensitively', () => {
    const p = role({ inline: [inline('w', { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: REPO.replace('daytonaio', 'DaytonaIO') })] });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO).decision).toBe('implicit-deny');
  });

  it('NotAction allows everything except the listed actions', () => {
    const p = role({ inline: [inline('w', { Effect: 'Allow', NotAction: ['iam:*', 'ecr:PutImage'], Resource: '*' })] });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO).decision).toBe('allowed');
    expect(evaluate(p, 'ecr:PutImage', REPO).decision).toBe('implicit-deny');
    expect(evaluate(p, 'iam:CreateUser', '*').decision).toBe('implicit-deny');
  });

  it('NotResource allows every resource except the listed ones', () => {
    const p = role({ inline: [inline('w', { Effect: 'Allow', Action: 'ecr:*', NotResource: `arn:aws:ecr:*:${ACCOUNT}:repository/secret/*` })] });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO).decision).toBe('allowed');
    expect(evaluate(p, 'ecr:BatchGetImage', `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/secret/x`).decision).toBe('implicit-deny');
  });

  it('an explicit Deny wins over any Allow, and is named', () => {
    const p = role({
      attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')],
      inline: [inline('guard', { Sid: 'NoPull', Effect: 'Deny', Action: 'ecr:BatchGetImage', Resource: '*' })],
    });
    const ev = evaluate(p, 'ecr:BatchGetImage', REPO);
    expect(ev.decision).toBe('denied');
    expect(ev.allowedBy.map((a) => a.policy)).toEqual(['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly']);
    expect(ev.deniedBy).toEqual([{ policy: 'guard', sid: 'NoPull', index: 0, source: 'inline', conditional: false }]);
  });

  it('a Deny with NotResource denies everything outside its exclusions', () => {
    const p = role({
      attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')],
      inline: [inline('only-mirror', { Effect: 'Deny', Action: 'ecr:*', NotResource: `arn:aws:ecr:*:${ACCOUNT}:repository/mirror/*` })],
    });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO).decision).toBe('denied');
    expect(evaluate(p, 'ecr:BatchGetImage', `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/mirror/daytonaio/daytona-api`).decision).toBe('allowed');
  });

  it('a Deny that touches part of a requested set denies the set (fail closed)', () => {
    const p = user({
      inline: [inline('rw', { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/*` }), inline('no-secrets', { Effect: 'Deny', Action: 's3:GetObject', Resource: `${BUCKET}/secrets/*` })],
    });
    expect(evaluate(p, 's3:GetObject', `${BUCKET}/*`).decision).toBe('denied');
  });

  it('an Allow must cover the whole requested set', () => {
    const p = user({ inline: [inline('part', { Effect: 'Allow', Action: 's3:GetObject', Resource: `${BUCKET}/docker/*` })] });
    expect(evaluate(p, 's3:GetObject', `${BUCKET}/*`).decision).toBe('implicit-deny');
    expect(evaluate(p, 's3:GetObject', `${BUCKET}/docker/registry/v2/x`).decision).toBe('allowed');
  });

  it('uses the shipped document of an AWS-managed policy, in any partition', () => {
    const cn = role({ arn: `arn:aws-cn:iam::${ACCOUNT}:role/nodes`, attached: [awsManaged('AmazonEKS_CNI_Policy', 'aws-cn')] });
    const ev = evaluate(cn, 'ec2:CreateTags', `arn:aws-cn:ec2:cn-north-1:${ACCOUNT}:network-interface/eni-1`);
    expect(ev.decision).toBe('allowed');
    expect(ev.allowedBy[0]).toMatchObject({ policy: 'arn:aws-cn:iam::aws:policy/AmazonEKS_CNI_Policy', sid: 'AmazonEKSCNIPolicyENITag' });
  });

  it('reads a user\'s group policies, attached and inline', () => {
    const p = user({
      groups: [{ name: 'registry', attached: [customer('S3Rw', { Sid: 'Objects', Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/*` })], inline: [inline('list', { Effect: 'Allow', Action: 's3:ListBucket', Resource: BUCKET })] }],
    });
    expect(evaluate(p, 's3:PutObject', `${BUCKET}/*`).allowedBy).toEqual([{ policy: `arn:aws:iam::${ACCOUNT}:policy/S3Rw`, sid: 'Objects', index: 0, source: 'group-attached', group: 'registry', conditional: false }]);
    expect(evaluate(p, 's3:ListBucket', BUCKET).allowedBy[0]).toMatchObject({ policy: 'list', source: 'group-inline', group: 'registry' });
  });

  it('a group Deny applies to the user', () => {
    const p = user({
      inline: [inline('rw', { Effect: 'Allow', Action: 's3:*', Resource: '*' })],
      groups: [{ name: 'locked', attached: [], inline: [inline('deny', { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' })] }],
    });
    expect(evaluate(p, 's3:DeleteObject', `${BUCKET}/x`).decision).toBe('denied');
  });
});

describe('evaluate: actions without resource-level permissions (requested on "*")', () => {
  it('a Deny scoped to other resources does not touch them: "*" is then the literal resource', () => {
    const p = role({
      attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')],
      inline: [inline('guard', { Sid: 'NoSecretRepos', Effect: 'Deny', Action: 'ecr:*', Resource: `arn:aws:ecr:*:${ACCOUNT}:repository/secret/*` })],
    });
    expect(evaluate(p, 'ecr:GetAuthorizationToken', '*')).toMatchObject({ decision: 'allowed', conditional: false, deniedBy: [] });
    expect(evaluate(p, 'ecr:BatchGetImage', `arn:aws:ecr:us-east-1:${ACCOUNT}:repository/secret/x`).decision).toBe('denied');
  });

  it('a Deny on "*", or with NotResource that leaves "*" in, still denies them', () => {
    const onAll = role({ attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')], inline: [inline('d', { Effect: 'Deny', Action: 'ecr:GetAuthorizationToken', Resource: '*' })] });
    expect(evaluate(onAll, 'ecr:GetAuthorizationToken', '*').decision).toBe('denied');
    const notRes = role({ attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')], inline: [inline('d', { Effect: 'Deny', Action: 'ecr:*', NotResource: `arn:aws:ecr:*:${ACCOUNT}:repository/mirror/*` })] });
    expect(evaluate(notRes, 'ecr:GetAuthorizationToken', '*').decision).toBe('denied');
  });

  it('an Allow scoped to repositories does not grant them', () => {
    const p = role({ inline: [inline('w', { Effect: 'Allow', Action: 'ecr:*', Resource: `arn:aws:ecr:*:${ACCOUNT}:repository/*` })] });
    expect(evaluate(p, 'ecr:GetAuthorizationToken', '*').decision).toBe('implicit-deny');
  });
});

describe('evaluate: permissions boundary', () => {
  const boundary = customer('Boundary', { Effect: 'Allow', Action: ['ec2:*', 'eks:*'], Resource: '*' });

  it('an action the identity allows but the boundary does not is an implicit deny, naming the boundary', () => {
    const p = role({ attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')], permissionsBoundary: boundary });
    const ev = evaluate(p, 'ecr:BatchGetImage', REPO);
    expect(ev.decision).toBe('implicit-deny');
    expect(ev.allowedBy).toHaveLength(1);
    expect(ev.boundary).toEqual({ policy: boundary.arn, allows: false, allowedBy: [] });
  });

  it('the boundary alone grants nothing', () => {
    const p = role({ permissionsBoundary: boundary });
    expect(evaluate(p, 'ec2:DescribeInstances', '*').decision).toBe('implicit-deny');
  });

  it('allowed when both identity and boundary allow', () => {
    const p = role({ attached: [awsManaged('AmazonEKSWorkerNodePolicy')], permissionsBoundary: boundary });
    const ev = evaluate(p, 'ec2:DescribeInstances', '*');
    expect(ev.decision).toBe('allowed');
    expect(ev.boundary?.allows).toBe(true);
  });

  it('a Deny in the boundary is an explicit deny', () => {
    const b = customer('B', { Effect: 'Allow', Action: '*', Resource: '*' }, { Sid: 'NoEcr', Effect: 'Deny', Action: 'ecr:*', Resource: '*' });
    const p = role({ attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')], permissionsBoundary: b });
    const ev = evaluate(p, 'ecr:BatchGetImage', REPO);
    expect(ev.decision).toBe('denied');
    expect(ev.deniedBy[0]).toMatchObject({ source: 'boundary', sid: 'NoEcr' });
  });
});

describe('evaluate: conditions', () => {
  it('an allow that rests only on a Condition statement is conditional', () => {
    const p = role({ inline: [inline('c', { Sid: 'FromVpce', Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*', Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } })] });
    const ev = evaluate(p, 'ecr:BatchGetImage', REPO);
    expect(ev).toMatchObject({ decision: 'allowed', conditional: true });
    expect(ev.allowedBy[0]).toMatchObject({ sid: 'FromVpce', conditional: true });
  });

  it('an unconditional allow beside a conditional one is not conditional', () => {
    const p = role({
      attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')],
      inline: [inline('c', { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } })],
    });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO)).toMatchObject({ decision: 'allowed', conditional: false });
  });

  it('a conditional Deny makes the result conditional rather than denied', () => {
    const p = role({
      attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')],
      inline: [inline('c', { Sid: 'OutsideVpc', Effect: 'Deny', Action: 'ecr:*', Resource: '*', Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } })],
    });
    const ev = evaluate(p, 'ecr:BatchGetImage', REPO);
    expect(ev).toMatchObject({ decision: 'allowed', conditional: true });
    expect(ev.deniedBy[0]).toMatchObject({ sid: 'OutsideVpc', conditional: true });
  });

  it('a grant through a policy variable is conditional', () => {
    const p = role({ inline: [inline('team', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}/*' })] });
    expect(evaluate(p, 's3:GetObject', 'arn:aws:s3:::harbor/x')).toMatchObject({ decision: 'allowed', conditional: true });
  });

  it('resolves ${aws:username} to a user\'s own name (its value is known), in Allow and Deny', () => {
    const home = inline('home', { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${aws:username}/*' });
    expect(evaluate(user({ inline: [home] }), 's3:GetObject', 'arn:aws:s3:::harbor/x')).toMatchObject({ decision: 'allowed', conditional: false });
    expect(evaluate(user({ inline: [home] }), 's3:GetObject', 'arn:aws:s3:::daytona-registry/x')).toMatchObject({ decision: 'implicit-deny' });
    const fenced = user({
      inline: [inline('rw', { Effect: 'Allow', Action: 's3:*', Resource: '*' }), inline('fence', { Effect: 'Deny', Action: 's3:*', NotResource: ['arn:aws:s3:::${AWS:UserName}', 'arn:aws:s3:::${aws:username}/*'] })],
    });
    expect(evaluate(fenced, 's3:GetObject', 'arn:aws:s3:::harbor/x')).toMatchObject({ decision: 'allowed', conditional: false });
    expect(evaluate(fenced, 's3:GetObject', 'arn:aws:s3:::other/x').decision).toBe('denied');
  });

  it('reads ${...} literally in a policy without Version 2012-10-17 (IAM: variables are not recognised there)', () => {
    const p = role({ inline: [{ name: 'old', document: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::${aws:PrincipalTag/team}/*' }] } }] });
    expect(evaluate(p, 's3:GetObject', 'arn:aws:s3:::harbor/x').decision).toBe('implicit-deny');
    expect(evaluate(p, 's3:GetObject', 'arn:aws:s3:::${aws:PrincipalTag/team}/x')).toMatchObject({ decision: 'allowed', conditional: false });
  });

  it('a conditional boundary allow makes the result conditional', () => {
    const p = role({
      attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')],
      permissionsBoundary: customer('B', { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringEquals: { 'aws:RequestedRegion': 'us-east-1' } } }),
    });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO)).toMatchObject({ decision: 'allowed', conditional: true });
  });
});

describe('evaluate: unknown documents fail closed', () => {
  const missingDoc = { arn: `arn:aws:iam::${ACCOUNT}:policy/Unread`, name: 'Unread' };

  it('a customer-managed policy without its document makes the decision unknown', () => {
    const p = role({ attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly'), missingDoc] });
    const ev = evaluate(p, 'ecr:BatchGetImage', REPO);
    expect(ev.decision).toBe('unknown');
    expect(ev.unknownPolicies).toEqual([missingDoc.arn]);
  });

  it('an AWS-managed policy the tool does not ship is unknown too', () => {
    const p = role({ attached: [awsManaged('CloudWatchAgentServerPolicy')] });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO)).toMatchObject({ decision: 'unknown', unknownPolicies: ['arn:aws:iam::aws:policy/CloudWatchAgentServerPolicy'] });
  });

  it('an unreadable boundary is unknown', () => {
    const p = role({ attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')], permissionsBoundary: missingDoc });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO).decision).toBe('unknown');
  });

  it('a known unconditional Deny still settles it', () => {
    const p = role({ attached: [missingDoc], inline: [inline('d', { Effect: 'Deny', Action: '*', Resource: '*' })] });
    expect(evaluate(p, 'ecr:BatchGetImage', REPO).decision).toBe('denied');
  });

  it('evaluateKnown throws FactUnavailable naming the policy and iam:GetPolicyVersion', () => {
    const p = role({ attached: [missingDoc] });
    let thrown: unknown;
    try {
      evaluateKnown(p, 'ecr:BatchGetImage', REPO);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(FactUnavailable);
    expect((thrown as FactUnavailable).factError).toMatchObject({ code: 'PolicyDocumentUnavailable', action: 'iam:GetPolicyVersion' });
    expect((thrown as FactUnavailable).factError.message).toContain(missingDoc.arn);
  });
});

describe('grantsFor: is there a grant, whatever denies it', () => {
  it('finds grants despite a Deny, and can leave policies out', () => {
    const p = role({
      attached: [awsManaged('AmazonEC2ContainerRegistryReadOnly')],
      inline: [inline('pull', { Effect: 'Allow', Action: 'ecr:BatchGetImage', Resource: '*' }), inline('deny', { Effect: 'Deny', Action: '*', Resource: '*' })],
    });
    expect(grantsFor(p, 'ecr:BatchGetImage', REPO).allowedBy.map((a) => a.policy)).toEqual(['arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly', 'pull']);
    expect(grantsFor(p, 'ecr:BatchGetImage', REPO, { exclude: (x) => x.source === 'attached' }).allowedBy.map((a) => a.policy)).toEqual(['pull']);
  });
});
