import type { Check } from '../../engine/types.js';

export const networkChecks: readonly Check[] = [];
