import { describe, expect, it } from 'vitest';
import { isIpLiteral, matchHost, normalizeHost } from '../../src/network/endpoints.js';
import { parseServiceName, regionOfArn, s3PrefixListIds } from '../../src/network/services.js';

const candidates = [
  { host: 'daytona.abc123.eu-west-1.rds.amazonaws.com', role: 'instance', resource: 'db-1' },
  { host: 'daytona.cluster-abc123.eu-west-1.rds.amazonaws.com', role: 'cluster-writer', resource: 'cluster-1' },
];

describe('matchHost', () => {
  it('matches case-insensitively and ignores a trailing dot', () => {
    expect(matchHost('Daytona.ABC123.eu-west-1.rds.amazonaws.com.', candidates).map((c) => c.resource)).toEqual(['db-1']);
  });

  it('tolerates a pasted port or scheme', () => {
    expect(matchHost('daytona.cluster-abc123.eu-west-1.rds.amazonaws.com:5432', candidates).map((c) => c.resource)).toEqual(['cluster-1']);
    expect(normalizeHost('rediss://cache.example.com:6379/0')).toBe('cache.example.com');
  });

  it('matches nothing for another name, or an empty host', () => {
    expect(matchHost('daytona.xyz.eu-west-1.rds.amazonaws.com', candidates)).toEqual([]);
    expect(matchHost('', candidates)).toEqual([]);
  });

  it('recognises IP literals', () => {
    expect(isIpLiteral('10.0.10.5')).toBe(true);
    expect(isIpLiteral('fd00::5')).toBe(true);
    expect(isIpLiteral('db.internal')).toBe(false);
  });
});

describe('AWS service names', () => {
  it('parses endpoint and prefix-list names in every partition', () => {
    expect(parseServiceName('com.amazonaws.eu-west-1.s3')).toEqual({ region: 'eu-west-1', service: 's3' });
    expect(parseServiceName('com.amazonaws.us-east-1.ecr.dkr')).toEqual({ region: 'us-east-1', service: 'ecr.dkr' });
    expect(parseServiceName('cn.com.amazonaws.cn-north-1.ecr.api')).toEqual({ region: 'cn-north-1', service: 'ecr.api' });
    expect(parseServiceName('com.example.vpce.partner')).toBeUndefined();
  });

  it('reads the region of an ARN', () => {
    expect(regionOfArn('arn:aws:eks:eu-west-1:111122223333:cluster/daytona')).toBe('eu-west-1');
  });

  it('identifies the S3 prefix list from the prefix-list facts or from an S3 gateway endpoint route', () => {
    expect(s3PrefixListIds({ ec2: { prefixLists: { value: [{ id: 'pl-s3', name: 'com.amazonaws.eu-west-1.s3' }, { id: 'pl-ddb', name: 'com.amazonaws.eu-west-1.dynamodb' }] } } })).toEqual(['pl-s3']);
    const viaRoute = s3PrefixListIds({
      ec2: {
        vpcEndpoints: { value: [{ id: 'vpce-s3', vpcId: 'vpc-1', serviceName: 'com.amazonaws.eu-west-1.s3', type: 'Gateway', state: 'available', routeTableIds: ['rtb-1'], subnetIds: [], securityGroupIds: [] }] },
        routeTables: { value: [{ id: 'rtb-1', vpcId: 'vpc-1', main: true, subnetIds: [], routes: [{ destinationPrefixListId: 'pl-6da54004', gatewayId: 'vpce-s3' }] }] },
      },
    });
    expect(viaRoute).toEqual(['pl-6da54004']);
  });
});
