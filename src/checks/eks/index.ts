import type { Check } from '../../engine/types.js';

export const eksChecks: readonly Check[] = [];
