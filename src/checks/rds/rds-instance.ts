import type { Check } from '../../engine/types.js';
import { Findings, judgeStatus, listBrief } from '../../network/outcome.js';
import { isIpLiteral } from '../../network/endpoints.js';
import { dbArn, dbLabel, resolveDatabase } from './target.js';

const ENGINES = ['postgres', 'aurora-postgresql'];
/** DB instance / cluster states that still serve connections. */
const SERVING = ['backing-up', 'modifying', 'storage-optimization', 'configuring-enhanced-monitoring', 'configuring-iam-database-auth', 'configuring-log-exports', 'configuring-activity-stream'];

export const rdsInstance: Check = {
  id: 'rds-instance',
  area: 'rds',
  title: 'externalDatabase.host is an available RDS PostgreSQL endpoint',
  severity: 'critical',
  appliesTo: (intent) => (intent.database.external ? true : 'postgresql.enabled is true: the chart runs its own PostgreSQL'),
  needs: ['rds'],
  evaluate: (intent, inv) => {
    const host = intent.database.host.trim();
    const valuesPaths = ['externalDatabase.host'];
    if (!host) return { status: 'fail', message: 'externalDatabase.host is empty (see values-external-db)', evidence: { host }, valuesPaths };

    const res = resolveDatabase(intent, inv);
    if (!res.match) {
      const here = [...res.instances.map((i) => `${i.id} (${i.engine})`), ...res.clusters.map((c) => `cluster ${c.id} (${c.engine})`)];
      const hint = isIpLiteral(host)
        ? ': it is an IP address; set the endpoint name, which survives a failover'
        : !/\.rds\.amazonaws\.com(\.cn)?\.?$/i.test(host)
          ? ': if it is a DNS alias (CNAME) of an RDS endpoint, set the endpoint itself, or make sure the alias resolves from the cluster'
          : ': the endpoint may belong to another account or region, or the database was deleted';
      return {
        status: 'fail',
        message: `externalDatabase.host '${host}' matches no RDS instance or cluster endpoint in this account and region${hint}. ${here.length ? `Databases here: ${listBrief(here)}` : 'There is no RDS database here'}`,
        evidence: { host, endpointsHere: res.candidates.map((c) => ({ endpoint: c.host, role: c.role })) },
        valuesPaths,
      };
    }

    const { role, resource } = res.match;
    const label = dbLabel(resource);
    const x = resource.kind === 'db-instance' ? resource.instance : resource.cluster;
    const f = new Findings();
    if (!ENGINES.includes(x.engine.toLowerCase())) f.fail(`${label} runs ${x.engine}; Daytona needs PostgreSQL (postgres or aurora-postgresql)`);
    judgeStatus(f, label, x.status, SERVING);

    let members: { id: string; status: string }[] = [];
    if (resource.kind === 'db-cluster') {
      const c = resource.cluster;
      members = res.instances.filter((i) => i.clusterId === c.id || c.memberIds.includes(i.id));
      if (members.length && !members.some((i) => i.status.toLowerCase() === 'available')) {
        f.fail(`no instance of ${label} is available (${members.map((i) => `${i.id}: ${i.status}`).join(', ')}): its endpoints answer nothing`);
      }
      if (role === 'cluster-reader') {
        const text = `externalDatabase.host is the reader endpoint of ${label}: Daytona writes (its migrations run at install), so use the writer endpoint ${c.endpoint ?? ''}`.trim();
        // With one instance the reader endpoint reaches the writer, until a replica is added.
        if (c.memberIds.length > 1) f.fail(text);
        else f.warn(text);
      }
    }
    if (x.port !== undefined && x.port !== intent.database.port) {
      f.fail(`${label} listens on port ${x.port}, but externalDatabase.port is ${intent.database.port}`);
      valuesPaths.push('externalDatabase.port');
    }
    return f.outcome(`externalDatabase.host is the ${role === 'instance' ? 'endpoint' : `${role.replace('cluster-', '')} endpoint`} of ${label} (${x.engine}, ${x.status}, port ${x.port ?? 'unknown'})`, {
      resources: [dbArn(resource)],
      evidence: {
        host,
        endpointRole: role,
        resource: { kind: resource.kind, id: x.id, arn: x.arn, engine: x.engine, status: x.status, port: x.port },
        ...(members.length ? { clusterInstances: members.map((i) => ({ id: i.id, status: i.status })) } : {}),
        port: intent.database.port,
      },
      valuesPaths,
    });
  },
  remediation: 'manual',
  docs: {
    what: 'externalDatabase.host is the endpoint of an RDS PostgreSQL instance, or the writer (or custom) endpoint of an Aurora PostgreSQL / Multi-AZ cluster, in this account and region; the database is available and listens on externalDatabase.port.',
    why: "With postgresql.enabled: false the API and the post-install migration job connect to externalDatabase.host:port. The migration job waits on `nc -z host port` with no timeout of its own, so a wrong, stopped or unreachable database hangs `helm install` until Helm's hook timeout. A reader endpoint fails the migrations as soon as the cluster has a replica.",
    fix: [
      'List the PostgreSQL endpoints of this account and region:',
      "  aws rds describe-db-instances --query \"DBInstances[?starts_with(Engine,'postgres')||Engine=='aurora-postgresql'].[DBInstanceIdentifier,Endpoint.Address,Endpoint.Port,DBInstanceStatus]\" --output table",
      "  aws rds describe-db-clusters --query \"DBClusters[?contains(Engine,'postgres')].[DBClusterIdentifier,Endpoint,Port,Status]\" --output table",
      'Set the writer/instance endpoint and its port in your values file:',
      '  externalDatabase: { host: <Endpoint.Address>, port: <Endpoint.Port> }',
      'A stopped instance: aws rds start-db-instance --db-instance-identifier <id> (clusters: aws rds start-db-cluster --db-cluster-identifier <id>).',
    ].join('\n'),
  },
};
