import type { Area, Check } from './types.js';
import { valuesChecks } from '../checks/values/index.js';
import { eksChecks } from '../checks/eks/index.js';
import { iamChecks } from '../checks/iam/index.js';
import { ecrChecks } from '../checks/ecr/index.js';
import { s3Checks } from '../checks/s3/index.js';
import { rdsChecks } from '../checks/rds/index.js';
import { elasticacheChecks } from '../checks/elasticache/index.js';
import { networkChecks } from '../checks/network/index.js';
import { k8sChecks } from '../checks/k8s/index.js';

/** Every check, in catalogue order (DESIGN.md §5). Each area folder lists its own. */
export const ALL_CHECKS: readonly Check[] = [
  ...valuesChecks,
  ...eksChecks,
  ...iamChecks,
  ...ecrChecks,
  ...s3Checks,
  ...rdsChecks,
  ...elasticacheChecks,
  ...networkChecks,
  ...k8sChecks,
];

export const AREAS: readonly Area[] = ['values', 'eks', 'iam', 'ecr', 's3', 'rds', 'elasticache', 'network', 'k8s'];

export function findCheck(id: string): Check | undefined {
  return ALL_CHECKS.find((c) => c.id === id);
}
