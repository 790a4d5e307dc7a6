import type { Check } from '../../engine/types.js';

export const iamChecks: readonly Check[] = [];
