import type { Check } from '../../engine/types.js';

export const rdsChecks: readonly Check[] = [];
