import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { mockAccount, typicalAccount, ACCOUNT, type AccountMocks, type FakeAccount } from '../helpers/aws-mocks.js';
import { validateReport } from '../../src/report/schema.js';
import { UsageError } from '../../src/cli/errors.js';
import { main } from '../../src/cli/main.js';
import { mockWrites, memorySecretStore, type FakeWrites } from './support/fake-writes.js';
import { brokenBasics, riskyOnly } from './support/broken.js';
import { runCheck, statusOf, tempPath, valuesFile } from './support/harness.js';

let mocks: AccountMocks | undefined;
afterEach(() => {
  mocks?.restore();
  mocks = undefined;
});

function account(a: FakeAccount): FakeWrites {
  mocks = mockAccount(a);
  return mockWrites(a, mocks);
}

const expectValid = (report: unknown) => expect(validateReport(report)).toEqual({ valid: true, errors: [] });

describe('check --fix', () => {
  it('without a TTY and without --yes prints the plan on stderr and changes nothing (mode plan)', async () => {
    const writes = account(brokenBasics());
    const r = await runCheck({ fix: true });
    expect(writes.log).toEqual([]);
    expect(r.report.remediation!.mode).toBe('plan');
    expect(r.report.remediation!.actions.every((a) => a.status === 'planned')).toBe(true);
    expect(r.stderr).toContain('Remediation plan: 9 actions (9 safe, 0 risky, 0 manual) for 7 findings');
    expect(r.stderr).toMatch(/│ Check\s+│ Action\s+│ Safety\s+│ API calls \(targets\)\s+│ Depends on/);
    expect(r.stderr).toContain('ec2:AuthorizeSecurityGroupIngress sg-0rds');
    expect(r.stderr).toContain('No TTY and no --yes: the plan was printed and nothing was changed.');
    expect(r.code).toBe(1);
    expectValid(r.report);
  });

  it('--dry-run prints the exact calls with their parameters and changes nothing (mode dry-run)', async () => {
    const writes = account(brokenBasics());
    const r = await runCheck({ fix: true, dryRun: true, yes: true });
    expect(writes.log).toEqual([]);
    expect(r.report.remediation!.mode).toBe('dry-run');
    expect(r.stderr).toContain('Dry run: the exact API calls, in order (nothing is sent):');
    expect(r.stderr).toContain('{"Bucket":"daytona-harbor","PublicAccessBlockConfiguration":{"BlockPublicAcls":true,"IgnorePublicAcls":true,"BlockPublicPolicy":true,"RestrictPublicBuckets":true}}');
    expect(r.stderr).toContain('Dry run: nothing was changed.');
    const calls = r.report.remediation!.actions.find((a) => a.id === 'create-bucket:daytona-harbor')!.calls.slice(0, 2);
    expect(calls).toEqual([
      { api: 's3:HeadBucket', target: 'arn:aws:s3:::daytona-harbor', params: { Bucket: 'daytona-harbor' } },
      { api: 's3:CreateBucket', target: 'arn:aws:s3:::daytona-harbor', params: { Bucket: 'daytona-harbor', CreateBucketConfiguration: { Tags: [{ Key: 'managed-by', Value: 'daytona-preflight' }] } } },
    ]);
    expectValid(r.report);
  });

  it('asks on a TTY, defaulting to no: "no" changes nothing, "yes" applies', async () => {
    const writes = account(brokenBasics());
    const asked: string[] = [];
    const no = await runCheck({ fix: true }, { interactive: true, confirm: async (m) => (asked.push(m), false) });
    expect(asked).toEqual([`Apply 9 actions to account ${ACCOUNT} in us-east-1?`]);
    expect(writes.log).toEqual([]);
    expect(no.report.remediation!.mode).toBe('plan');
    const yes = await runCheck({ fix: true }, { interactive: true, confirm: async () => true });
    expect(yes.report.remediation!.mode).toBe('apply');
    expect(writes.log.length).toBeGreaterThan(0);
  });

  it('--yes applies the safe actions in order, checks again, and reports before and after with request ids', async () => {
    const a = brokenBasics();
    const writes = account(a);
    const r = await runCheck({ fix: true, yes: true });
    expect(writes.log).toEqual([
      'ec2:CreateTags subnet-0private0a,subnet-0private0b',
      'iam:AttachRolePolicy daytona-node-role arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly',
      'ecr:CreateRepository daytonaio/daytona-proxy',
      'ecr:CreateRepository dexidp/dex',
      's3:CreateBucket daytona-harbor',
      's3:PutPublicAccessBlock daytona-harbor',
      's3:PutBucketEncryption daytona-harbor',
      'ec2:AuthorizeSecurityGroupIngress sg-0rds',
      'ec2:AuthorizeSecurityGroupIngress sg-0rds',
      'ec2:AuthorizeSecurityGroupIngress sg-0cache',
      'ec2:AuthorizeSecurityGroupIngress sg-0cache',
    ]);
    const rem = r.report.remediation!;
    expect(rem.mode).toBe('apply');
    expect(rem.actions.every((x) => x.status === 'applied' && x.requestIds.length > 0 && x.at)).toBe(true);
    expect(rem.before!.statuses).toMatchObject({ 's3-bucket': 'fail', 'rds-port-5432': 'fail', 'elasticache-port-6379': 'fail', 'eks-subnet-tags': 'fail', 'iam-node-role': 'fail', 'ecr-pull-rights': 'fail', 'ecr-repositories': 'fail' });
    for (const id of ['s3-bucket', 'rds-port-5432', 'elasticache-port-6379', 'eks-subnet-tags', 'iam-node-role', 'ecr-pull-rights']) expect(statusOf(r.report, id), id).toBe('pass');
    // A created repository is empty until the images are copied in (the printed commands).
    expect(statusOf(r.report, 'ecr-repositories')).toBe('fail');
    expect(r.report.apiCalls['ec2:AuthorizeSecurityGroupIngress']).toBe(4);
    expect(r.report.apiCalls['sts:GetCallerIdentity']).toBe(2);
    expect(r.stderr).toContain('Remediation: 12 applied'.slice(0, 13));
    expect(r.code).toBe(1);
    expectValid(r.report);
  });

  it('holds risky actions back without --fix-type risky: no write call, each one skipped and why', async () => {
    const writes = account(riskyOnly());
    const r = await runCheck({ fix: true, yes: true });
    expect(writes.log).toEqual([]);
    const rem = r.report.remediation!;
    expect(rem.actions.map((x) => [x.safety, x.status])).toEqual([
      ['risky', 'skipped'],
      ['risky', 'skipped'],
      ['risky', 'skipped'],
      ['manual', 'planned'],
    ]);
    expect(rem.actions[0]!.notes).toContain('not applied: risky actions run only with --fix-type risky');
    expect(r.stderr).toContain('3 risky actions will not be applied without --fix-type risky.');
    expectValid(r.report);
  });

  it('makes the exit code 1 when an action fails, even if every check passes afterwards', async () => {
    const a = typicalAccount();
    a.securityGroupRules = a.securityGroupRules.filter((x) => !(x.GroupId === 'sg-0rds' && x.ReferencedGroupInfo?.GroupId === 'sg-0runners'));
    account(a);
    // Someone adds an equivalent rule by hand meanwhile, and the API refuses ours for another reason.
    mocks!.ec2.on((await import('@aws-sdk/client-ec2')).AuthorizeSecurityGroupIngressCommand).callsFake(async () => {
      a.securityGroupRules.push({ SecurityGroupRuleId: 'sgr-0byhand', GroupId: 'sg-0rds', IsEgress: false, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '10.0.0.0/16' });
      throw Object.assign(new Error('Rules per security group limit exceeded'), { name: 'RulesPerSecurityGroupLimitExceeded', $metadata: { httpStatusCode: 400, requestId: 'req-limit' } });
    });
    const r = await runCheck({ fix: true, yes: true });
    const action = r.report.remediation!.actions[0]!;
    expect(action).toMatchObject({ status: 'failed', error: 'RulesPerSecurityGroupLimitExceeded on ec2:AuthorizeSecurityGroupIngress (sg-0rds): Rules per security group limit exceeded', requestIds: ['req-limit'] });
    expect(r.report.checks.filter((c) => c.status === 'fail')).toEqual([]);
    expect(r.report.summary.exitCode).toBe(1);
    expect(r.code).toBe(1);
    expectValid(r.report);
  });
});

describe('plan files', () => {
  it('--plan-out saves the plan bound to a digest of the facts and changes nothing; --apply-plan applies exactly that plan', async () => {
    const writes = account(brokenBasics());
    const file = tempPath('plan.json');
    const saved = await runCheck({ fix: true, planOut: file, yes: true });
    expect(writes.log).toEqual([]);
    expect(saved.report.remediation!.mode).toBe('plan');
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { kind: string; digest: string; facts: Record<string, unknown>; actions: { id: string }[]; target: unknown };
    expect(doc.kind).toBe('daytona-preflight/plan');
    expect(doc.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(doc.target).toEqual({ accountId: ACCOUNT, region: 'us-east-1', cluster: 'daytona' });
    expect(Object.keys(doc.facts)).toEqual(expect.arrayContaining(['target', 'eks.clusterName', 'ec2.securityGroups', 's3', 'ecr', 'iam.roles']));
    expect(saved.stderr).toContain(`Plan saved to ${file} (${doc.digest}); nothing was changed.`);

    const applied = await runCheck({ fix: true, applyPlan: file, yes: true });
    expect(applied.stderr).toContain('the account still matches the facts it was made from');
    expect(applied.report.remediation!.actions.map((x) => x.id)).toEqual(doc.actions.map((x) => x.id));
    expect(applied.report.remediation!.actions.every((x) => x.status === 'applied')).toBe(true);
    expect(writes.log).toHaveLength(11);
  });

  it('--apply-plan refuses a plan whose facts changed, saying which fact paths differ (exit 2)', async () => {
    const a = brokenBasics();
    const writes = account(a);
    const file = tempPath('plan.json');
    await runCheck({ fix: true, planOut: file });
    // Meanwhile someone adds a rule to the database group and tags a subnet.
    a.securityGroupRules.push({ SecurityGroupRuleId: 'sgr-0byhand', GroupId: 'sg-0rds', IsEgress: false, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432, CidrIpv4: '10.0.0.0/16' });
    a.subnets.find((s) => s.SubnetId === 'subnet-0private0a')!.Tags!.push({ Key: 'kubernetes.io/role/internal-elb', Value: '1' });
    const err = await runCheck({ fix: true, applyPlan: file, yes: true }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(UsageError);
    const message = (err as Error).message;
    expect(message).toContain(`plan ${file} no longer matches the account: 2 fact paths changed since it was made`);
    expect(message).toContain('ec2.securityGroups[sg-0rds].ingress[sgr-0byhand] (added)');
    expect(message).toContain('ec2.subnets[subnet-0private0a].tags[kubernetes.io/role/internal-elb] (added)');
    expect(writes.log).toEqual([]);

    // Through the command line: one message on stderr, exit 2.
    const stderr: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    (process.stderr as unknown as { write: (s: string) => boolean }).write = (s: string) => (stderr.push(String(s)), true);
    let code: number;
    try {
      code = await main(['check', '--values', valuesFile(), '--cluster', 'daytona', '--region', 'us-east-1', '--no-kube', '--skip', 'values', '--fix', '--apply-plan', file, '--yes', '--output', 'json']);
    } finally {
      (process.stderr as unknown as { write: typeof write }).write = write;
    }
    expect(code).toBe(2);
    expect(stderr.join('')).toContain('no longer matches the account: 2 fact paths changed');
    expect(writes.log).toEqual([]);
  });

  it('refuses an edited plan file: a call its remediation never makes, or facts that no longer match the digest', async () => {
    account(brokenBasics());
    const file = tempPath('plan.json');
    await runCheck({ fix: true, planOut: file });
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { facts: Record<string, unknown>; actions: { calls: { api: string; iamAction: string; params: Record<string, unknown> }[] }[] };
    const edited = structuredClone(doc);
    Object.assign(edited.actions[0]!.calls[0]!, { api: 'ec2:RevokeSecurityGroupIngress', iamAction: 'ec2:RevokeSecurityGroupIngress' });
    writeFileSync(file, JSON.stringify(edited));
    await expect(runCheck({ fix: true, applyPlan: file, yes: true })).rejects.toThrow('ec2:RevokeSecurityGroupIngress is not a call remediation tag-subnets makes');
    const world = structuredClone(doc);
    const ingress = world.actions.find((x) => x.calls[0]?.api === 'ec2:AuthorizeSecurityGroupIngress')!;
    (ingress.calls[0]!.params.IpPermissions as { IpRanges?: unknown[] }[])[0]!.IpRanges = [{ CidrIp: '0.0.0.0/0' }];
    writeFileSync(file, JSON.stringify(world));
    await expect(runCheck({ fix: true, applyPlan: file, yes: true })).rejects.toThrow('would open 0.0.0.0/0 (never automated)');
    const facts = structuredClone(doc);
    facts.facts.target = null;
    writeFileSync(file, JSON.stringify(facts));
    await expect(runCheck({ fix: true, applyPlan: file, yes: true })).rejects.toThrow('was edited: its facts no longer match its digest');
  });

  it('refuses a plan file whose actions were edited by hand (a risky action relabelled safe, a changed parameter), but lets a reviewer drop actions', async () => {
    const writes = account(riskyOnly());
    const file = tempPath('plan.json');
    await runCheck({ fix: true, planOut: file });
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { actions: { id: string; safety: string; calls: { params: Record<string, unknown> }[] }[] };
    const risky = doc.actions.find((a) => a.safety === 'risky')!;
    const relabelled = structuredClone(doc);
    relabelled.actions.find((a) => a.id === risky.id)!.safety = 'safe';
    writeFileSync(file, JSON.stringify(relabelled));
    await expect(runCheck({ fix: true, applyPlan: file, yes: true })).rejects.toThrow(`was edited: ${risky.id} is not an action daytona-preflight plans for these facts`);
    expect(writes.log).toEqual([]);

    const reviewed = structuredClone(doc);
    reviewed.actions = reviewed.actions.filter((a) => a.id !== risky.id || reviewed.actions.some((b) => (b as { dependsOn?: string[] }).dependsOn?.includes(a.id)));
    writeFileSync(file, JSON.stringify(reviewed));
    const applied = await runCheck({ fix: true, applyPlan: file, yes: true, fixType: 'risky' });
    expect(applied.report.remediation!.actions.map((a) => a.id)).toEqual(reviewed.actions.map((a) => a.id));
  });

  it('refuses --plan-out with --apply-plan', async () => {
    account(brokenBasics());
    await expect(runCheck({ fix: true, planOut: tempPath('a.json'), applyPlan: tempPath('b.json') })).rejects.toThrow('--plan-out and --apply-plan cannot be combined');
  });
});

describe('the registry key', () => {
  it('never appears in the report, stderr or --output-file, though it is stored in the Secret', async () => {
    const { startFakeKube } = await import('../kube-fake/server.js');
    const kube = await startFakeKube();
    try {
      const a = riskyOnly();
      a.cluster.endpoint = kube.url;
      a.cluster.certificateAuthority = { data: kube.caData };
      const writes = account(a);
      const store = memorySecretStore();
      const outputFile = tempPath('report.json');
      const { SECRET_CANARY, NEW_KEY_ID } = await import('./support/fake-writes.js');
      for (const output of ['json', 'table', 'markdown', 'sarif', 'junit'] as const) {
        store.secrets.clear();
        delete a.users['daytona-harbor-registry'];
        const r = await runCheck({ fix: true, yes: true, fixType: 'risky', kube: true, kubeconfig: kube.kubeconfig(), output, outputFile }, { secretStore: async () => store });
        expect(store.secrets.get('daytona/harbor-s3-secret')).toEqual({ REGISTRY_STORAGE_S3_ACCESSKEY: NEW_KEY_ID, REGISTRY_STORAGE_S3_SECRETKEY: SECRET_CANARY });
        for (const [where, text] of [['stdout', r.stdout], ['stderr', r.stderr], ['--output-file', readFileSync(outputFile, 'utf8')]] as const) {
          expect(text, `${output} ${where}`).not.toContain(SECRET_CANARY);
          expect(text, `${output} ${where}`).not.toContain(NEW_KEY_ID);
        }
      }
      expect(writes.log.filter((w) => w.startsWith('iam:CreateAccessKey'))).toHaveLength(5);
      const report = JSON.parse(readFileSync(outputFile, 'utf8'));
      const key = report.remediation.actions.find((x: { id: string }) => x.id.startsWith('scope-bucket-access:key:'));
      expect(key.status).toBe('applied');
      expect(key.notes).toContain('access key AKIA…0001 stored in Secret daytona/harbor-s3-secret through https://fake-cluster (test)');
      expect(key.notes).toContain('          existingSecret: harbor-s3-secret');
      expectValid(report);
    } finally {
      await kube.close();
    }
  });
});

describe('after applying', () => {
  it('still reports what was applied when checking again fails, with the checks as they were before', async () => {
    const writes = account(brokenBasics());
    const r = await runCheck({ fix: true, yes: true }, { gather: async () => Promise.reject(new UsageError('no valid AWS credentials: the session expired')) });
    expect(writes.log).toHaveLength(11);
    expect(r.report.remediation!.actions.every((a) => a.status === 'applied')).toBe(true);
    expect(statusOf(r.report, 's3-bucket')).toBe('fail');
    expect(r.stderr).toContain('Checking again failed (no valid AWS credentials: the session expired): the checks below are the state before the fix.');
    expect(r.report.apiCalls['s3:CreateBucket']).toBe(1);
    expectValid(r.report);
  });
});
