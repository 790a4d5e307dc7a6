import type { Check } from '../../engine/types.js';
import { networkEgress443 } from './network-egress-443.js';
import { networkS3Route } from './network-s3-route.js';
import { networkEcrRoute } from './network-ecr-route.js';
import { networkNacl } from './network-nacl.js';

export const networkChecks: readonly Check[] = [networkEgress443, networkS3Route, networkEcrRoute, networkNacl];
