import type { Check } from '../../engine/types.js';
import { vpcReachOutcome } from '../../network/service-checks.js';
import { PEERING_FIX } from '../../network/docs.js';
import { databaseServiceLabel, databaseTarget, withDatabase } from './target.js';

export const rdsNetwork: Check = {
  id: 'rds-network',
  area: 'rds',
  title: "RDS is in the cluster's VPC, or in a peered VPC with routes both ways",
  severity: 'critical',
  appliesTo: (intent) => (intent.database.external ? true : 'postgresql.enabled is true: the chart runs its own PostgreSQL'),
  needs: ['rds', 'eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.routes', 'ec2.peering', 'ec2.selfManagedNodes'],
  dependsOn: ['rds-instance'],
  evaluate: (intent, inv) => withDatabase(intent, inv, (m) => vpcReachOutcome(inv, databaseTarget(m.resource), databaseServiceLabel(m.resource))),
  remediation: 'manual',
  docs: {
    what: "The database's VPC is the EKS cluster's VPC, or a VPC joined to it by an active peering connection, with routes to the peering in the node subnets' route tables (to the database subnets) and in the database subnets' route tables (back to the node subnets). Routes through a transit gateway are reported as a warning: its own route tables are not visible here.",
    why: 'Pods reach the database from the node subnets. Without a network path the migration job hangs on `nc -z` until the Helm hook times out, and the API never becomes ready.',
    fix: PEERING_FIX('the database', 'the DB subnet group'),
  },
};
