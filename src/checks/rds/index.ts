import type { Check } from '../../engine/types.js';
import { rdsInstance } from './rds-instance.js';
import { rdsNetwork } from './rds-network.js';
import { rdsPort5432 } from './rds-port-5432.js';
import { rdsHardening } from './rds-hardening.js';

export const rdsChecks: readonly Check[] = [rdsInstance, rdsNetwork, rdsPort5432, rdsHardening];
