/** Intents for the RDS check tests: postgresql.enabled false, pointing at the fixtures' database. */
import type { Intent } from '../../../src/values/types.js';
import { makeIntent } from '../../helpers/intent.js';

export const DB_HOST = 'daytona-db.c9akciq32.eu-west-1.rds.amazonaws.com';
export const DB_ARN = 'arn:aws:rds:eu-west-1:111122223333:db:daytona-db';
export const AURORA_WRITER = 'daytona-aurora.cluster-c9akciq32.eu-west-1.rds.amazonaws.com';
export const AURORA_READER = 'daytona-aurora.cluster-ro-c9akciq32.eu-west-1.rds.amazonaws.com';

export function dbIntent(database: Partial<Intent['database']> = {}): Intent {
  return makeIntent({ database: { external: true, host: DB_HOST, port: 5432, name: 'daytona', user: 'daytona', tls: true, passwordSet: true, ...database } });
}
