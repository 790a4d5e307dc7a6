import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretKey, maskId, REDACTED, secretValuesOf } from '../../src/secrets/redact.js';

describe('the redactor', () => {
  const values = {
    externalDatabase: { password: 'db-canary-pass', existingSecret: 'db-secret-name' },
    harbor: { persistence: { imageChartStorage: { s3: { accesskey: 'AKIACANARY0000000001', secretkey: 'secret/canary+key==' } } } },
    services: { api: { env: { ENCRYPTION_KEY: 'enc-canary-32-characters-long!!!', PORT: '3000' } }, sshGateway: { sshKeys: { privClientSSHKey: 'LS0tcanaryPrivKey' } } },
  };

  it('recognises secret keys by name but not references to secrets', () => {
    for (const k of ['password', 'secretkey', 'accesskey', 'ENCRYPTION_KEY', 'API_TOKEN', 'privClientSSHKey', 'harborAdminPassword', 'SYSTEM_API_TOKEN']) expect(isSecretKey(k), k).toBe(true);
    for (const k of ['existingSecret', 'existingSecretAdminPasswordKey', 'secretName', 'PORT', 'host', 'enableTLS']) expect(isSecretKey(k), k).toBe(false);
  });

  it('collects every secret value in the values tree', () => {
    expect(secretValuesOf(values).sort()).toEqual(['AKIACANARY0000000001', 'LS0tcanaryPrivKey', 'db-canary-pass', 'enc-canary-32-characters-long!!!', 'secret/canary+key=='].sort());
  });

  it('collects the password of a URL under any key (DATABASE_URL, an endpoint), not its user or host', () => {
    const tree = { services: { api: { env: { DATABASE_URL: 'postgres://daytona:url-canary-pw@db.example.com:5432/daytona', S3_ENDPOINT: 'https://s3.eu-west-1.amazonaws.com' } } } };
    expect(secretValuesOf(tree)).toEqual(['url-canary-pw']);
    expect(createRedactor(tree).text('cannot reach postgres://daytona:url-canary-pw@db.example.com')).toBe('cannot reach postgres://daytona:[REDACTED]@db.example.com');
  });

  it('scrubs secrets from any text, including their JSON-escaped form', () => {
    const r = createRedactor({ x: { password: 'multi\nline"secret' } });
    expect(r.text(`raw multi\nline"secret and ${JSON.stringify('multi\nline"secret')}`)).toBe(`raw ${REDACTED} and "${REDACTED}"`);
  });

  it('replaces values under secret keys in deep copies, and scrubs other strings', () => {
    const r = createRedactor(values);
    const out = r.deep({ a: { password: 'anything', note: 'key db-canary-pass leaked' }, existingSecret: 'kept' });
    expect(out).toEqual({ a: { password: REDACTED, note: `key ${REDACTED} leaked` }, existingSecret: 'kept' });
  });

  it('learns secrets created at run time', () => {
    const r = createRedactor({});
    r.add('new-secret-access-key-value');
    expect(r.text('x new-secret-access-key-value y')).toBe(`x ${REDACTED} y`);
  });

  it('does not mangle ordinary words with short default values', () => {
    const r = createRedactor({ externalDatabase: { password: 'pass' } });
    expect(r.text('12 pass, 0 fail')).toBe('12 pass, 0 fail');
  });

  it('masks identifiers to their ends', () => {
    expect(maskId('AKIAIOSFODNN7EXAMPLE')).toBe('AKIA…MPLE');
  });
});
