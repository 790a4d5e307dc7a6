import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { GetBucketEncryptionCommand, GetBucketLocationCommand, GetPublicAccessBlockCommand, HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { ACTIONS, collectS3, regionFromLocationConstraint } from '../../../src/inventory/aws/s3.js';
import type { S3Bucket } from '../../../src/inventory/types.js';
import { accessDenied, awsError, httpRuntime, testRuntime, type FakeHttpRequest, type FakeHttpResponse, actionsNamedIn } from '../../helpers/aws-mocks.js';

type Stub = AwsStub<any, any, any>;

const KMS_KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1111-2222';
const ALL_BLOCKED = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };

/** HEAD answers have no body: the SDK error carries only the status and the response headers. */
function headError(status: number, region?: string): Error {
  return Object.assign(awsError(status === 404 ? 'NotFound' : 'Unknown', 'UnknownError', status), { $response: { statusCode: status, headers: region ? { 'x-amz-bucket-region': region } : {} } });
}

let s3: Stub;
beforeEach(() => {
  s3 = mockClient(S3Client);
});
afterEach(() => s3.restore());

function givenBucket(name: string, region: string): void {
  s3.on(HeadBucketCommand, { Bucket: name }).resolves({ BucketRegion: region });
  s3.on(GetPublicAccessBlockCommand, { Bucket: name }).resolves({ PublicAccessBlockConfiguration: ALL_BLOCKED });
  s3.on(GetBucketEncryptionCommand, { Bucket: name }).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] } });
}

describe('s3 ACTIONS', () => {
  it('declares exactly the IAM actions the collector names, so the permissions policy covers every call', () => {
    expect([...ACTIONS].sort()).toEqual(actionsNamedIn('src/inventory/aws/s3.ts'));
  });
});

describe('collectS3', () => {
  it('reads existence, region, public access block and default encryption of a bucket in one round of three calls', async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'eu-west-1' });
    s3.on(GetPublicAccessBlockCommand).resolves({ PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: false } });
    s3.on(GetBucketEncryptionCommand).resolves({ ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: KMS_KEY }, BucketKeyEnabled: true }] } });
    const rt = testRuntime();

    const facts = await collectS3(rt, ['harbor-images']);

    expect(facts.buckets['harbor-images']).toEqual<{ value: S3Bucket }>({
      value: {
        name: 'harbor-images',
        region: 'eu-west-1',
        // RestrictPublicBuckets absent: S3 treats it as off.
        publicAccessBlock: { value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false } },
        encryption: { value: { algorithm: 'aws:kms', kmsKeyId: KMS_KEY } },
      },
    });
    expect(rt.calls).toEqual({ 's3:ListBucket': 1, 's3:GetBucketPublicAccessBlock': 1, 's3:GetEncryptionConfiguration': 1 });
    for (const action of Object.keys(rt.calls)) expect(ACTIONS).toContain(action);
  });

  it('reports a bucket that does not exist (HeadBucket 404) as null', async () => {
    s3.on(HeadBucketCommand).rejects(headError(404));
    s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));
    s3.on(GetBucketEncryptionCommand).rejects(awsError('NoSuchBucket', 'The specified bucket does not exist', 404));

    expect((await collectS3(testRuntime(), ['bucketname'])).buckets).toEqual({ bucketname: { value: null } });
  });

  it('makes a bucket that answers 403 an AccessDenied error on s3:ListBucket that names the region S3 reported', async () => {
    s3.on(HeadBucketCommand).rejects(headError(403, 'ap-southeast-2'));
    s3.on(GetPublicAccessBlockCommand).rejects(accessDenied());
    s3.on(GetBucketEncryptionCommand).rejects(accessDenied());

    const fact = (await collectS3(testRuntime(), ['someone-elses'])).buckets['someone-elses'];

    expect(fact).toEqual({ error: { code: 'AccessDenied', action: 's3:ListBucket', message: expect.stringMatching(/exists in ap-southeast-2.*another account/) } });
  });

  it('reports no public access block and no default encryption configuration as null', async () => {
    s3.on(HeadBucketCommand).resolves({ BucketRegion: 'us-east-1' });
    s3.on(GetPublicAccessBlockCommand).rejects(awsError('NoSuchPublicAccessBlockConfiguration', 'The public access block configuration was not found', 404));
    s3.on(GetBucketEncryptionCommand).rejects(awsError('ServerSideEncryptionConfigurationNotFoundError', 'The server side encryption configuration was not found', 404));

    const bucket = (await collectS3(testRuntime(), ['open'])).buckets.open;

    expect(bucket).toEqual({ value: { name: 'open', region: 'us-east-1', publicAccessBlock: { value: null }, encryption: { value: null } } });
  });

  it('keeps the bucket and names the action when only its public access block or its encryption cannot be read', async () => {
    givenBucket('a', 'us-east-1');
    givenBucket('b', 'us-east-1');
    s3.on(GetPublicAccessBlockCommand, { Bucket: 'a' }).rejects(accessDenied());
    s3.on(GetBucketEncryptionCommand, { Bucket: 'b' }).rejects(accessDenied());

    const { buckets } = await collectS3(testRuntime(), ['a', 'b']);

    expect(buckets.a).toEqual({ value: expect.objectContaining({ publicAccessBlock: { error: { code: 'AccessDenied', action: 's3:GetBucketPublicAccessBlock', message: 'not authorized to perform s3:GetBucketPublicAccessBlock' } }, encryption: { value: { algorithm: 'AES256' } } }) });
    expect(buckets.b).toEqual({ value: expect.objectContaining({ publicAccessBlock: { value: expect.objectContaining({ blockPublicAcls: true }) }, encryption: { error: { code: 'AccessDenied', action: 's3:GetEncryptionConfiguration', message: 'not authorized to perform s3:GetEncryptionConfiguration' } } }) });
  });

  it('asks GetBucketLocation when HeadBucket names no region (S3-compatible endpoints), mapping EU and the empty constraint', async () => {
    for (const name of ['legacy-eu', 'virginia', 'mumbai', 'denied']) {
      givenBucket(name, 'x');
      s3.on(HeadBucketCommand, { Bucket: name }).resolves({});
    }
    s3.on(GetBucketLocationCommand, { Bucket: 'legacy-eu' }).resolves({ LocationConstraint: 'EU' });
    s3.on(GetBucketLocationCommand, { Bucket: 'virginia' }).resolves({});
    s3.on(GetBucketLocationCommand, { Bucket: 'mumbai' }).resolves({ LocationConstraint: 'ap-south-1' });
    s3.on(GetBucketLocationCommand, { Bucket: 'denied' }).rejects(accessDenied());

    const { buckets } = await collectS3(testRuntime(), ['legacy-eu', 'virginia', 'mumbai', 'denied']);

    expect(buckets['legacy-eu']).toEqual({ value: expect.objectContaining({ region: 'eu-west-1' }) });
    expect(buckets.virginia).toEqual({ value: expect.objectContaining({ region: 'us-east-1' }) });
    expect(buckets.mumbai).toEqual({ value: expect.objectContaining({ region: 'ap-south-1' }) });
    expect(buckets.denied).toEqual({ error: { code: 'AccessDenied', action: 's3:GetBucketLocation', message: 'not authorized to perform s3:GetBucketLocation' } });
  });

  it('reads each bucket once, ignores empty names, and keeps going past a bucket that fails', async () => {
    givenBucket('ok', 'us-west-2');
    s3.on(HeadBucketCommand, { Bucket: 'boom' }).rejects(awsError('InternalError', 'We encountered an internal error.', 500));
    const rt = testRuntime();

    const { buckets } = await collectS3(rt, ['ok', '', 'boom', 'ok']);

    expect(Object.keys(buckets)).toEqual(['ok', 'boom']);
    expect(buckets.ok).toEqual({ value: expect.objectContaining({ region: 'us-west-2' }) });
    expect(buckets.boom).toEqual({ error: { code: 'InternalError', action: 's3:ListBucket', message: 'We encountered an internal error.' } });
    expect(rt.calls['s3:ListBucket']).toBe(2);
  });

  it('asks the configuration of a bucket in another region again with a client of that region', async () => {
    const redirect = () => Object.assign(awsError('PermanentRedirect', 'The bucket you are attempting to access must be addressed using the specified endpoint.', 301), { $response: { statusCode: 301, headers: { 'x-amz-bucket-region': 'eu-central-1' } } });
    const regionOf = async (getClient: () => { config: { region: () => Promise<string> } }) => getClient().config.region();
    s3.on(HeadBucketCommand).rejects(headError(301, 'eu-central-1'));
    s3.on(GetPublicAccessBlockCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) !== 'eu-central-1') throw redirect();
      return { PublicAccessBlockConfiguration: ALL_BLOCKED };
    });
    s3.on(GetBucketEncryptionCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) !== 'eu-central-1') throw redirect();
      throw awsError('ServerSideEncryptionConfigurationNotFoundError', 'not found', 404);
    });
    const rt = testRuntime();

    const { buckets } = await collectS3(rt, ['frankfurt']);

    expect(buckets.frankfurt).toEqual({ value: { name: 'frankfurt', region: 'eu-central-1', publicAccessBlock: { value: expect.objectContaining({ restrictPublicBuckets: true }) }, encryption: { value: null } } });
    expect(rt.calls['s3:ListBucket']).toBe(1);
  });

  it('maps LocationConstraint values to regions', () => {
    expect(regionFromLocationConstraint(undefined)).toBe('us-east-1');
    expect(regionFromLocationConstraint(null)).toBe('us-east-1');
    expect(regionFromLocationConstraint('')).toBe('us-east-1');
    expect(regionFromLocationConstraint('EU')).toBe('eu-west-1');
    expect(regionFromLocationConstraint('eu-central-1')).toBe('eu-central-1');
  });
});

describe('S3 through the real SDK client', () => {
  beforeEach(() => s3.restore());

  const PAB_XML = '<PublicAccessBlockConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><BlockPublicAcls>true</BlockPublicAcls><IgnorePublicAcls>true</IgnorePublicAcls><BlockPublicPolicy>true</BlockPublicPolicy><RestrictPublicBuckets>true</RestrictPublicBuckets></PublicAccessBlockConfiguration>';
  const SSE_XML = `<ServerSideEncryptionConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Rule><ApplyServerSideEncryptionByDefault><SSEAlgorithm>aws:kms</SSEAlgorithm><KMSMasterKeyID>${KMS_KEY}</KMSMasterKeyID></ApplyServerSideEncryptionByDefault><BucketKeyEnabled>true</BucketKeyEnabled></Rule></ServerSideEncryptionConfiguration>`;
  const xmlError = (code: string, status: number): FakeHttpResponse => ({ status, headers: { 'content-type': 'application/xml' }, body: `<Error><Code>${code}</Code><Message>${code}</Message><RequestId>r</RequestId></Error>` });

  /** Which S3 operation a request is, from its method and sub-resource. */
  const op = (req: FakeHttpRequest): string => (req.method === 'HEAD' ? 'HeadBucket' : 'publicAccessBlock' in req.query ? 'GetPublicAccessBlock' : 'encryption' in req.query ? 'GetBucketEncryption' : 'location' in req.query ? 'GetBucketLocation' : 'other');

  it('retries SlowDown and reads the region header, the public access block and the encryption from the wire', async () => {
    const seen: Record<string, number> = {};
    const { rt } = httpRuntime((req): FakeHttpResponse => {
      const n = (seen[op(req)] = (seen[op(req)] ?? 0) + 1);
      switch (op(req)) {
        case 'HeadBucket':
          // A HEAD answer has no body: SlowDown arrives as a bare 503.
          return n === 1 ? { status: 503, headers: {} } : { status: 200, headers: { 'x-amz-bucket-region': 'us-east-1' } };
        case 'GetPublicAccessBlock':
          return n === 1 ? xmlError('SlowDown', 503) : { status: 200, headers: { 'content-type': 'application/xml' }, body: PAB_XML };
        case 'GetBucketEncryption':
          return { status: 200, headers: { 'content-type': 'application/xml' }, body: SSE_XML };
        default:
          return xmlError('NotImplemented', 501);
      }
    });

    const { buckets } = await collectS3(rt, ['harbor']);

    expect(buckets.harbor).toEqual({
      value: { name: 'harbor', region: 'us-east-1', publicAccessBlock: { value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } }, encryption: { value: { algorithm: 'aws:kms', kmsKeyId: KMS_KEY } } },
    });
    expect(rt.calls).toEqual({ 's3:ListBucket': 1, 's3:GetBucketPublicAccessBlock': 1, 's3:GetEncryptionConfiguration': 1 });
    expect(rt.retries).toEqual({ 's3:ListBucket': 1, 's3:GetBucketPublicAccessBlock': 1 });
  });

  it('turns a bodiless HEAD 404 into null and a HEAD 403 into AccessDenied with the region header', async () => {
    const { rt } = httpRuntime((req) => {
      const missing = req.hostname.startsWith('gone.') || req.path.startsWith('/gone');
      if (op(req) === 'HeadBucket') return missing ? { status: 404, headers: {} } : { status: 403, headers: { 'x-amz-bucket-region': 'eu-north-1' } };
      return missing ? xmlError('NoSuchBucket', 404) : xmlError('AccessDenied', 403);
    });

    const { buckets } = await collectS3(rt, ['gone', 'foreign']);

    expect(buckets.gone).toEqual({ value: null });
    expect(buckets.foreign).toEqual({ error: { code: 'AccessDenied', action: 's3:ListBucket', message: expect.stringContaining('exists in eu-north-1') } });
  });

  it('reads a bucket of another region where it is: the 301 names the region, the configuration reads are asked again there', async () => {
    const { rt, requests } = httpRuntime((req): FakeHttpResponse => {
      const inEu = req.hostname.includes('eu-west-1');
      // S3 answers a request in the wrong region with 301 and the bucket's region header.
      if (!inEu) return op(req) === 'HeadBucket' ? { status: 301, headers: { 'x-amz-bucket-region': 'eu-west-1' } } : { ...xmlError('PermanentRedirect', 301), headers: { 'content-type': 'application/xml', 'x-amz-bucket-region': 'eu-west-1' } };
      return op(req) === 'GetPublicAccessBlock' ? { status: 200, body: PAB_XML } : { status: 200, body: SSE_XML };
    });

    const { buckets } = await collectS3(rt, ['elsewhere']);

    expect(buckets.elsewhere).toEqual({
      value: { name: 'elsewhere', region: 'eu-west-1', publicAccessBlock: { value: { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true } }, encryption: { value: { algorithm: 'aws:kms', kmsKeyId: KMS_KEY } } },
    });
    expect(requests.filter((r) => r.hostname.includes('eu-west-1')).map(op).sort()).toEqual(['GetBucketEncryption', 'GetPublicAccessBlock']);
    expect(rt.calls).toEqual({ 's3:ListBucket': 1, 's3:GetBucketPublicAccessBlock': 2, 's3:GetEncryptionConfiguration': 2 });
  });
});
