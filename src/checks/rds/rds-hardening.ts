import type { Check } from '../../engine/types.js';
import { Findings } from '../../network/outcome.js';
import type { DbInstance } from '../../inventory/types.js';
import { dbArn, dbLabel, withDatabase, type DbResource } from './target.js';

/**
 * Whether the database has a public address. Aurora reports it per instance, a Multi-AZ DB
 * cluster on the cluster: a cluster is public when it says so or any member instance is.
 */
function publicAccess(r: DbResource, instances: readonly DbInstance[]): { publiclyAccessible: boolean | undefined; publicMembers: string[] } {
  if (r.kind === 'db-instance') return { publiclyAccessible: r.instance.publiclyAccessible, publicMembers: [] };
  const members = instances.filter((i) => i.clusterId === r.cluster.id || r.cluster.memberIds.includes(i.id));
  const publicMembers = members.filter((i) => i.publiclyAccessible).map((i) => i.id);
  if (r.cluster.publiclyAccessible === true || publicMembers.length) return { publiclyAccessible: true, publicMembers };
  if (r.cluster.publiclyAccessible === false || members.length) return { publiclyAccessible: false, publicMembers };
  return { publiclyAccessible: undefined, publicMembers };
}

export const rdsHardening: Check = {
  id: 'rds-hardening',
  area: 'rds',
  title: 'RDS is private, encrypted at rest, and reached over TLS',
  severity: 'high',
  appliesTo: (intent) => (intent.database.external ? true : 'postgresql.enabled is true: the chart runs its own PostgreSQL'),
  needs: ['rds'],
  dependsOn: ['rds-instance'],
  evaluate: (intent, inv) =>
    withDatabase(intent, inv, (m, res) => {
      const r = m.resource;
      const label = dbLabel(r);
      const f = new Findings();
      const { publiclyAccessible, publicMembers } = publicAccess(r, res.instances);
      const storageEncrypted = r.kind === 'db-instance' ? r.instance.storageEncrypted : r.cluster.storageEncrypted;

      if (publiclyAccessible === true) f.fail(`${label} is publicly accessible${publicMembers.length ? ` (instances ${publicMembers.join(', ')})` : ''}: its endpoint resolves to a public address`);
      if (publiclyAccessible === undefined) f.warn(`whether ${label} is publicly accessible is not known (no member instance was found)`);
      if (!intent.database.tls) f.fail('externalDatabase.enableTLS is false: the password and data cross the network in clear text, and RDS for PostgreSQL 15+ refuses non-TLS connections by default (rds.force_ssl=1)');
      if (!storageEncrypted) f.warn(`${label} storage is not encrypted at rest`);
      return f.outcome(`${label} is not publicly accessible, its storage is encrypted, and externalDatabase.enableTLS is on`, {
        resources: [dbArn(r)],
        evidence: {
          resource: { kind: r.kind, id: r.kind === 'db-instance' ? r.instance.id : r.cluster.id, arn: dbArn(r) },
          publiclyAccessible: publiclyAccessible ?? 'unknown',
          ...(publicMembers.length ? { publicInstances: publicMembers } : {}),
          storageEncrypted,
          'externalDatabase.enableTLS': intent.database.tls,
        },
        valuesPaths: intent.database.tls ? [] : ['externalDatabase.enableTLS'],
      });
    }),
  remediation: 'manual',
  docs: {
    what: 'The database is not publicly accessible (fail), externalDatabase.enableTLS is on (fail), and its storage is encrypted at rest (warn: it cannot be switched on in place and does not stop the install).',
    why: 'A publicly accessible database has a public address: one permissive security-group rule away from the internet. Without TLS the database password and every row cross the network in clear text, and RDS for PostgreSQL 15 and later sets rds.force_ssl=1 by default, so a non-TLS client is refused and the migration job fails. Unencrypted storage leaves snapshots and volumes readable to anyone who obtains them.',
    fix: [
      'Make the database private (an instance; for Aurora, each instance):',
      '  aws rds modify-db-instance --db-instance-identifier <id> --no-publicly-accessible --apply-immediately',
      'Turn TLS on in your values file:',
      '  externalDatabase: { enableTLS: true }',
      'Encryption at rest cannot be enabled in place: snapshot, copy the snapshot with a KMS key, restore from it, and point externalDatabase.host at the new endpoint:',
      '  aws rds create-db-snapshot --db-instance-identifier <id> --db-snapshot-identifier <id>-plain',
      '  aws rds copy-db-snapshot --source-db-snapshot-identifier <id>-plain --target-db-snapshot-identifier <id>-enc --kms-key-id alias/aws/rds',
      '  aws rds restore-db-instance-from-db-snapshot --db-instance-identifier <id>-enc --db-snapshot-identifier <id>-enc',
    ].join('\n'),
  },
  compliance: ['AWS FSBP RDS.2', 'AWS FSBP RDS.3'],
};
