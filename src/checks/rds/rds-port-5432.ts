import type { Check } from '../../engine/types.js';
import { portAccessOutcome } from '../../network/service-checks.js';
import { PORT_FIX } from '../../network/docs.js';
import { databaseServiceLabel, databaseTarget, withDatabase } from './target.js';

export const rdsPort5432: Check = {
  id: 'rds-port-5432',
  area: 'rds',
  title: 'RDS accepts PostgreSQL (5432) from every EKS node',
  severity: 'critical',
  appliesTo: (intent) => (intent.database.external ? true : 'postgresql.enabled is true: the chart runs its own PostgreSQL'),
  needs: ['rds', 'eks.cluster', 'eks.nodegroups', 'ec2.network', 'ec2.selfManagedNodes'],
  dependsOn: ['rds-instance'],
  evaluate: (intent, inv) =>
    withDatabase(intent, inv, (m) => portAccessOutcome(inv, databaseTarget(m.resource), intent.database.port, databaseServiceLabel(m.resource))),
  remediation: 'authorize-sg-ingress',
  docs: {
    what: "One of the database's security groups admits TCP externalDatabase.port (5432) from every node set: a rule referencing a group the nodes carry (the cluster security group, or a launch template's groups, or the self-managed nodes' groups), or CIDRs covering the node subnets, directly or as the entries of a customer-managed prefix list; protocol tcp or -1 with a port range covering the port. And each node set's groups allow that port outbound to the database. A rule open to 0.0.0.0/0 or ::/0 admits the nodes but warns: a database port open to the world.",
    why: 'Pods connect from the nodes. Without the rule the migration job hangs on `nc -z` until the Helm hook times out, and the API never becomes ready. Managed node groups whose launch template names its own security groups do not carry the cluster security group, so a rule that references only the cluster group does not admit them.',
    fix: PORT_FIX('database', 5432, 'aws rds describe-db-instances --db-instance-identifier <id> --query "DBInstances[0].VpcSecurityGroups[].VpcSecurityGroupId"'),
  },
};
