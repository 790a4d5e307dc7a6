import type { Check } from '../../engine/types.js';

export const s3Checks: readonly Check[] = [];
