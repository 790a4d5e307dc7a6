import type { Check } from '../../engine/types.js';
import { ecrRepositories } from './ecr-repositories.js';
import { ecrPullRights } from './ecr-pull-rights.js';

export const ecrChecks: readonly Check[] = [
  ecrRepositories,
  ecrPullRights,
];
