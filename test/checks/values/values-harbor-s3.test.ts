import { describe, expect, it } from 'vitest';
import { valuesHarborS3 as check } from '../../../src/checks/values/values-harbor-s3.js';
import { expectNoSecrets, runFixture } from './support/run-fixture.js';

const S3 = 'harbor.persistence.imageChartStorage.s3';

describe('values-harbor-s3', () => {
  it('passes on the chart defaults: Harbor on its filesystem PVC, S3 not in play', () => {
    const { result } = runFixture(check, undefined);
    expect(result.status).toBe('pass');
    expect(result.message).toContain("'filesystem'");
  });

  it('is skipped when Harbor is off', () => {
    expect(runFixture(check, 'harbor-off').result).toMatchObject({ status: 'skip', reason: 'harbor.enabled is false: no bundled Harbor registry' });
  });

  it('passes with type s3, a real bucket and region, and credentials from an existing Secret', () => {
    const { result } = runFixture(check, 's3-existing-secret');
    expect(result.status).toBe('pass');
    expect(result.evidence).toMatchObject({ [`${S3}.bucket`]: 'acme-daytona-registry', [`${S3}.region`]: 'eu-west-1', [`${S3}.existingSecret`]: 'harbor-s3' });
  });

  it("fails on the vendor guide's harbor.imageChartStorage block, saying to move it under harbor.persistence.imageChartStorage", () => {
    const run = runFixture(check, 'vendor-guide-misplaced');
    expect(run.result.status).toBe('fail');
    expect(run.result.message).toContain('harbor.imageChartStorage is ignored by the Harbor chart: move these keys under harbor.persistence.imageChartStorage');
    expect(run.result.valuesPaths[0]).toBe('harbor.imageChartStorage');
    expect(run.result.evidence).toMatchObject({
      'harbor.imageChartStorage.type': 's3',
      'harbor.imageChartStorage.s3.bucket': 'acme-daytona-registry',
      'harbor.imageChartStorage.s3.accesskey': 'AKIA…MPLE',
      'harbor.imageChartStorage.s3.secretkey': '[REDACTED]',
    });
    expectNoSecrets(run);
  });

  it("fails on the placeholder bucket 'bucketname' and on the default region the user never set", () => {
    const { result } = runFixture(check, 's3-placeholders');
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`${S3}.bucket is still the chart's placeholder 'bucketname'`);
    expect(result.message).toContain(`${S3}.region was never set`);
    expect(result.valuesPaths).toEqual([`${S3}.bucket`, `${S3}.region`]);
  });

  it('accepts us-west-1 when the user set it on purpose', () => {
    expect(runFixture(check, 's3-region-us-west-1-on-purpose').result.status).toBe('pass');
  });

  it('fails when neither existingSecret nor accesskey+secretkey is given', () => {
    const { result } = runFixture(check, 's3-no-credentials');
    expect(result.status).toBe('fail');
    expect(result.message).toContain('no S3 credentials');
  });

  it('fails when only the access key is given', () => {
    const { result } = runFixture(check, 's3-access-key-only');
    expect(result.status).toBe('fail');
    expect(result.message).toContain(`${S3}.secretkey is missing`);
  });

  it('warns about plaintext keys in the values, masking the key id and redacting the secret', () => {
    const run = runFixture(check, 's3-plaintext-keys');
    expect(run.result.status).toBe('warn');
    expect(run.result.message).toContain('plain text');
    expect(run.result.evidence).toMatchObject({ [`${S3}.accesskey`]: 'AKIA…MPLE', [`${S3}.secretkey`]: '[REDACTED]' });
    expectNoSecrets(run);
  });

  it('is an error, not a pass, when harbor.persistence.imageChartStorage is the string "s3"', () => {
    const { result } = runFixture(check, 'storage-is-a-string');
    expect(result.status).toBe('error');
    expect(result.message).toContain('harbor.persistence.imageChartStorage should be a map but is a string');
  });
});
