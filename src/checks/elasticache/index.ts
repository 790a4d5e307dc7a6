import type { Check } from '../../engine/types.js';

export const elasticacheChecks: readonly Check[] = [];
