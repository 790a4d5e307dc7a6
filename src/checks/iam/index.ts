import type { Check } from '../../engine/types.js';
import { iamClusterRole } from './iam-cluster-role.js';
import { iamNodeRole } from './iam-node-role.js';

export const iamChecks: readonly Check[] = [
  iamClusterRole,
  iamNodeRole,
];
