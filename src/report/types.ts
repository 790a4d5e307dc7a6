import type { CheckResult, Status, Summary } from '../engine/types.js';

export const REPORT_SCHEMA_VERSION = 1;

export interface ReportTarget {
  accountId?: string;
  callerArn?: string;
  partition?: string;
  region?: string;
  cluster?: string;
  namespace: string;
  release: string;
  valuesFiles: { path: string; sha256: string }[];
  /** Set when the run replayed a snapshot instead of collecting live. */
  snapshot?: string;
}

export interface ApiCallRecord {
  api: string; // 'ec2:AuthorizeSecurityGroupIngress'
  target: string;
  params: Record<string, unknown>;
}

export interface RemediationActionRecord {
  id: string;
  checkId: string;
  description: string;
  calls: ApiCallRecord[];
  safety: 'safe' | 'risky' | 'manual';
  remediation: string;
  dependsOn: string[];
  status: 'planned' | 'applied' | 'skipped' | 'failed';
  requestIds: string[];
  error?: string;
  at?: string;
  /** Manual steps or follow-up commands (copy images, values snippet). */
  notes?: string[];
}

export interface RemediationReport {
  mode: 'plan' | 'dry-run' | 'apply';
  actions: RemediationActionRecord[];
  before?: { summary: Summary; statuses: Record<string, Status> };
}

export interface Report {
  schemaVersion: typeof REPORT_SCHEMA_VERSION;
  tool: { name: string; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  target: ReportTarget;
  apiCalls: Record<string, number>;
  apiRetries: Record<string, number>;
  intent: Record<string, unknown>;
  summary: Summary;
  checks: CheckResult[];
  remediation?: RemediationReport;
}
