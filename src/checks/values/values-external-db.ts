import type { Check } from '../../engine/types.js';
import { judgeExternalService } from './support/external-service.js';
import { subchartFullname } from './support/names.js';
import { typed } from './support/typed.js';

export const valuesExternalDb: Check = {
  id: 'values-external-db',
  area: 'values',
  title: 'External database: host and password are set when the bundled PostgreSQL is off',
  severity: 'critical',
  appliesTo: (intent) => intent.database.external || 'postgresql.enabled is true: the chart runs its own PostgreSQL',
  needs: [],
  evaluate: (intent) =>
    judgeExternalService(intent, {
      block: 'externalDatabase',
      what: 'PostgreSQL database',
      switchPath: 'postgresql.enabled',
      inClusterHosts: (i) => [subchartFullname(typed(i.values.merged), i.release, 'postgresql')],
      passwordRequired: true,
      secretKey: 'database-password',
      envFallback: { host: 'services.api.env.DB_HOST', port: 'services.api.env.DB_PORT', defaultPort: '5432' },
    }),
  remediation: 'manual',
  docs: {
    what: 'With postgresql.enabled: false, externalDatabase.host (or, when it is blanked, services.api.env.DB_HOST, which the templates fall back to) names a real endpoint (not empty, not the bundled daytona-postgresql Service), the port is a number, and the password comes from externalDatabase.existingSecret (key database-password) or externalDatabase.password.',
    why: "The chart's defaults are not empty: host stays 'daytona-postgresql', a Service that no longer exists once the subchart is off. The post-install migration job then waits on `nc -z host port` until Helm's hook timeout and `helm install` fails; without a password the API cannot log in.",
    fix: 'Set externalDatabase.host to the RDS endpoint (e.g. mydb.abc123.eu-west-1.rds.amazonaws.com), externalDatabase.port, name and user, and either create a Secret with key database-password and set externalDatabase.existingSecret to its name, or set externalDatabase.password.',
  },
};
