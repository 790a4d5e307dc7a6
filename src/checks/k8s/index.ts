import type { Check } from '../../engine/types.js';

export const k8sChecks: readonly Check[] = [];
