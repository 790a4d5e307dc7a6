/**
 * Small, readable Reports for the renderer tests: one of each status, and a --fix run.
 * Built through the engine's own docsText so the docs text has the shape the renderers parse.
 */
import { docsText } from '../../src/engine/run.js';
import { summarize } from '../../src/engine/exit-code.js';
import type { Check, CheckResult, Status } from '../../src/engine/types.js';
import type { RemediationReport, Report } from '../../src/report/types.js';

const docs = (what: string) =>
  docsText({ docs: { what, why: 'The install breaks without it.', fix: 'Set the value & re-run <helm install>.' } } as Check);

export function result(partial: Partial<CheckResult> & Pick<CheckResult, 'id' | 'status'>): CheckResult {
  const area = partial.id.split('-')[0] as CheckResult['area'];
  return {
    area,
    title: `Title of ${partial.id}`,
    severity: 'high',
    message: `${partial.id} message`,
    resources: [],
    evidence: {},
    valuesPaths: [],
    docs: docs(`Checks ${partial.id}.`),
    durationMs: 1.5,
    ...partial,
  };
}

export const VALUES_FILE = 'deploy/values-prod.yaml';

export const CHECKS: CheckResult[] = [
  result({ id: 'values-external-db', status: 'pass', message: 'externalDatabase.host is set', location: { file: VALUES_FILE, line: 1 } }),
  result({
    id: 'values-harbor-s3',
    status: 'fail',
    severity: 'critical',
    message: 'S3 settings under harbor.imageChartStorage are ignored | move them to harbor.persistence.imageChartStorage',
    valuesPaths: ['harbor.imageChartStorage.s3.bucket'],
    evidence: { 'harbor.imageChartStorage.type': 's3', note: 'a <tag> & "quotes"' },
    location: { file: VALUES_FILE, line: 12 },
    remediation: { id: 'manual', automatic: false },
  }),
  result({ id: 'values-ssh-gateway-lb', status: 'warn', severity: 'medium', message: 'the SSH gateway will get an internal NLB', location: { file: VALUES_FILE, line: 30 } }),
  result({ id: 'rds-instance', status: 'skip', message: 'not applicable: postgresql.enabled is true', reason: 'postgresql.enabled is true', location: { file: VALUES_FILE, line: 1 } }),
  result({
    id: 'rds-port-5432',
    status: 'error',
    severity: 'critical',
    message: 'could not evaluate: AccessDenied on ec2:DescribeSecurityGroups',
    reason: 'AccessDenied on ec2:DescribeSecurityGroups',
    error: { code: 'AccessDenied', message: 'User is not authorized', action: 'ec2:DescribeSecurityGroups' },
    resources: ['arn:aws:rds:eu-west-1:111122223333:db:daytona'],
    location: { file: VALUES_FILE, line: 1 },
    remediation: { id: 'authorize-sg-ingress', automatic: true },
  }),
];

export function report(checks: CheckResult[] = CHECKS, extra: Partial<Report> = {}): Report {
  return {
    schemaVersion: 1,
    tool: { name: 'daytona-preflight', version: '0.1.0' },
    startedAt: '2025-01-02T03:04:05.000Z',
    finishedAt: '2025-01-02T03:04:06.250Z',
    durationMs: 1250,
    target: {
      accountId: '111122223333',
      callerArn: 'arn:aws:iam::111122223333:user/ci',
      partition: 'aws',
      region: 'eu-west-1',
      cluster: 'prod',
      namespace: 'daytona',
      release: 'daytona',
      valuesFiles: [{ path: VALUES_FILE, sha256: 'a'.repeat(64) }],
    },
    apiCalls: { 'sts:GetCallerIdentity': 1, 'ecr:GetAuthorizationToken': 1 },
    apiRetries: {},
    intent: { externalDatabase: false, externalRedis: false, harborS3: true, ecr: null, sshLoadBalancer: true },
    summary: summarize(checks.map((c) => c.status), 'fail'),
    checks,
    ...extra,
  };
}

/** A --fix run: rds-port-5432 failed before, the rule was added, it passes after. */
export function fixReport(mode: RemediationReport['mode'] = 'apply'): Report {
  const after = CHECKS.map((c) => (c.id === 'rds-port-5432' ? result({ ...c, status: 'pass', message: 'admitted from sg-0node', reason: undefined, error: undefined }) : c));
  const beforeStatuses: Record<string, Status> = Object.fromEntries(CHECKS.map((c) => [c.id, c.id === 'rds-port-5432' ? 'fail' : c.status]));
  return report(after, {
    remediation: {
      mode,
      actions: [
        {
          id: 'a1',
          checkId: 'rds-port-5432',
          description: 'Allow TCP 5432 from the nodes security group sg-0node on sg-0rds',
          calls: [{ api: 'ec2:AuthorizeSecurityGroupIngress', target: 'sg-0rds', params: { GroupId: 'sg-0rds', IpPermissions: [{ IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432 }] } }],
          safety: 'safe',
          remediation: 'authorize-sg-ingress',
          dependsOn: [],
          status: mode === 'apply' ? 'applied' : 'planned',
          requestIds: mode === 'apply' ? ['req-1'] : [],
          ...(mode === 'apply' ? { at: '2025-01-02T03:04:06.000Z' } : {}),
        },
        {
          id: 'a2',
          checkId: 'values-harbor-s3',
          description: 'Move the S3 settings by hand',
          calls: [],
          safety: 'manual',
          remediation: 'manual',
          dependsOn: ['a1'],
          status: 'skipped',
          requestIds: [],
          notes: ['harbor:', '  persistence:', '    imageChartStorage: …'],
        },
      ],
      before: { summary: summarize(Object.values(beforeStatuses), 'fail'), statuses: beforeStatuses },
    },
  });
}
