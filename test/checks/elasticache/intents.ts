/** Intents for the ElastiCache check tests: redis.enabled false, pointing at the fixtures' cache. */
import type { Intent } from '../../../src/values/types.js';
import { makeIntent } from '../../helpers/intent.js';

export const PRIMARY = 'master.daytona-redis.abc1de.euw1.cache.amazonaws.com';
export const READER = 'replica.daytona-redis.abc1de.euw1.cache.amazonaws.com';
export const NODE_2 = 'daytona-redis-002.daytona-redis.abc1de.euw1.cache.amazonaws.com';
export const SERVERLESS = 'daytona-serverless-abc1de.serverless.euw1.cache.amazonaws.com';
export const RG_ARN = 'arn:aws:elasticache:eu-west-1:111122223333:replicationgroup:daytona-redis';

export function redisIntent(redis: Partial<Intent['redis']> = {}): Intent {
  return makeIntent({ redis: { external: true, host: PRIMARY, port: 6379, tls: true, passwordSet: false, existingSecret: 'daytona-redis', ...redis } });
}
