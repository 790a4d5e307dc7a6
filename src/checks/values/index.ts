import type { Check } from '../../engine/types.js';
import { valuesExternalDb } from './values-external-db.js';
import { valuesExternalRedis } from './values-external-redis.js';
import { valuesHarborS3 } from './values-harbor-s3.js';
import { valuesImages } from './values-images.js';
import { valuesDefaultSecrets } from './values-default-secrets.js';
import { valuesHosts } from './values-hosts.js';
import { valuesIngressClass } from './values-ingress-class.js';
import { valuesSshGatewayLb } from './values-ssh-gateway-lb.js';
import { valuesReleaseUrls } from './values-release-urls.js';
import { valuesRegistry } from './values-registry.js';
import { valuesUnknownKeys } from './values-unknown-keys.js';

/** In catalogue order (DESIGN.md §5). */
export const valuesChecks: readonly Check[] = [
  valuesExternalDb,
  valuesExternalRedis,
  valuesHarborS3,
  valuesImages,
  valuesDefaultSecrets,
  valuesHosts,
  valuesIngressClass,
  valuesSshGatewayLb,
  valuesReleaseUrls,
  valuesRegistry,
  valuesUnknownKeys,
];
