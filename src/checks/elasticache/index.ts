import type { Check } from '../../engine/types.js';
import { elasticacheCluster } from './elasticache-cluster.js';
import { elasticacheNetwork } from './elasticache-network.js';
import { elasticachePort6379 } from './elasticache-port-6379.js';
import { elasticacheTlsAuth } from './elasticache-tls-auth.js';

export const elasticacheChecks: readonly Check[] = [elasticacheCluster, elasticacheNetwork, elasticachePort6379, elasticacheTlsAuth];
