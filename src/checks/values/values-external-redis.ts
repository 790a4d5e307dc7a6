import type { Check } from '../../engine/types.js';
import { judgeExternalService } from './support/external-service.js';
import { subchartFullname } from './support/names.js';
import { typed } from './support/typed.js';

export const valuesExternalRedis: Check = {
  id: 'values-external-redis',
  area: 'values',
  title: 'External Redis: host is set when the bundled Redis is off',
  severity: 'critical',
  appliesTo: (intent) => intent.redis.external || 'redis.enabled is true: the chart runs its own Redis',
  needs: [],
  evaluate: (intent) =>
    judgeExternalService(intent, {
      block: 'externalRedis',
      what: 'Redis',
      switchPath: 'redis.enabled',
      // Bitnami redis names its primary Service `<fullname>-master`.
      inClusterHosts: (i) => [`${subchartFullname(typed(i.values.merged), i.release, 'redis')}-master`],
      passwordRequired: false,
      secretKey: 'redis-password',
    }),
  remediation: 'manual',
  docs: {
    what: 'With redis.enabled: false, externalRedis.host names a real endpoint (not empty, not the bundled daytona-redis-master Service) and the port is a number.',
    why: "The default host 'daytona-redis-master' is the bundled subchart's Service, which is not installed once redis.enabled is false; the API and the proxy (which reads externalRedis.* directly, with no fallback) cannot reach Redis and never become ready.",
    fix: 'Set externalRedis.host to the ElastiCache primary endpoint (e.g. master.my-redis.abc123.euw1.cache.amazonaws.com) and externalRedis.port; set externalRedis.tls: true when in-transit encryption is on, and externalRedis.existingSecret (key redis-password) or externalRedis.password when AUTH is on.',
  },
};
