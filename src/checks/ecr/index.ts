import type { Check } from '../../engine/types.js';

export const ecrChecks: readonly Check[] = [];
