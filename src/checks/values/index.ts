import type { Check } from '../../engine/types.js';

export const valuesChecks: readonly Check[] = [];
