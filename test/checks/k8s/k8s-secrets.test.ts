import { describe, expect, it } from 'vitest';
import { k8sSecrets } from '../../../src/checks/k8s/k8s-secrets.js';
import { k8sStorageClass } from '../../../src/checks/k8s/k8s-storage-class.js';
import { runChecks } from '../../../src/engine/run.js';
import { checkAgainst, checksAgainst, withoutKube } from '../../kube-fake/harness.js';
import { secret } from '../../kube-fake/server.js';
import { NS, readyClusterWithout, readyIntent, SECRET_VALUES } from '../../kube-fake/scenarios.js';

const withoutSecret = (name: string) => readyClusterWithout((o) => o.kind === 'Secret' && o.metadata.name === name);

describe('k8s-secrets', () => {
  it('passes when every referenced Secret exists in the namespace with its keys', async () => {
    const r = await checkAgainst(k8sSecrets);
    expect(r.status).toBe('pass');
    expect(r.message).toBe('2 Secrets in namespace daytona with the keys the chart reads: daytona-db (database-password); harbor-s3 (REGISTRY_STORAGE_S3_ACCESSKEY, REGISTRY_STORAGE_S3_SECRETKEY)');
    expect(r.resources).toEqual(['k8s:secret/daytona/daytona-db', 'k8s:secret/daytona/harbor-s3']);
  });

  it('fails when a referenced Secret does not exist, naming it, its values path and a command to create it', async () => {
    const r = await checkAgainst(k8sSecrets, { server: { objects: withoutSecret('harbor-s3') } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe("Secret harbor-s3 (harbor.persistence.imageChartStorage.s3.existingSecret, S3 credentials of Harbor's registry) does not exist in namespace daytona");
    expect(r.valuesPaths).toEqual(['harbor.persistence.imageChartStorage.s3.existingSecret']);
    expect(r.evidence.commands).toEqual(['kubectl -n daytona create secret generic harbor-s3 --from-literal=REGISTRY_STORAGE_S3_ACCESSKEY=<value> --from-literal=REGISTRY_STORAGE_S3_SECRETKEY=<value>']);
  });

  describe('with namespaceOverride: Daytona reads its Secrets there, Harbor in the release namespace', () => {
    const APPS = 'daytona-apps';
    const split = readyIntent({
      daytonaNamespace: APPS,
      secrets: readyIntent().secrets.map((s) => (s.path.startsWith('externalDatabase') ? { ...s, namespace: APPS } : s)),
    });

    it('fails when the Secret is only in the release namespace, naming the namespace it must be in', async () => {
      const r = await checkAgainst(k8sSecrets, { intent: split });
      expect(r.status).toBe('fail');
      expect(r.message).toBe('Secret daytona-db (externalDatabase.existingSecret, password of the external database) does not exist in namespace daytona-apps');
      expect(r.evidence.commands).toEqual(['kubectl -n daytona-apps create secret generic daytona-db --from-literal=database-password=<value>']);
    });

    it('passes when each Secret is in its own namespace, listing both', async () => {
      const objects = [...readyClusterWithout(() => false), secret(APPS, 'daytona-db', { 'database-password': SECRET_VALUES[0]! })];
      const r = await checkAgainst(k8sSecrets, { intent: split, server: { objects } });
      expect(r.status).toBe('pass');
      expect(r.message).toBe('2 Secrets in namespace daytona-apps, daytona with the keys the chart reads: daytona-apps/daytona-db (database-password); daytona/harbor-s3 (REGISTRY_STORAGE_S3_ACCESSKEY, REGISTRY_STORAGE_S3_SECRETKEY)');
      expect(r.resources).toEqual(['k8s:secret/daytona-apps/daytona-db', 'k8s:secret/daytona/harbor-s3']);
    });
  });

  it('fails when a Secret lacks a key the chart reads, showing the key names it has (never values)', async () => {
    const objects = [...withoutSecret('daytona-db'), secret(NS, 'daytona-db', { password: SECRET_VALUES[0]! })];
    const r = await checkAgainst(k8sSecrets, { server: { objects } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('Secret daytona-db (externalDatabase.existingSecret) lacks key database-password (it has: password)');
    expect(r.evidence.secrets).toContainEqual(expect.objectContaining({ name: 'daytona-db', found: true, missingKeys: ['database-password'], keys: ['password'] }));
    const text = JSON.stringify(r);
    for (const v of SECRET_VALUES) expect(text).not.toContain(v);
  });

  describe('TLS Secrets (an ingress tlsSecretName, Harbor\'s TLS secret)', () => {
    const tlsIntent = () =>
      readyIntent({ secrets: [{ name: 'api-tls', namespace: NS, keys: ['tls.crt', 'tls.key'], path: 'services.api.ingress.tlsSecretName', purpose: 'TLS certificate of the API ingress' }] });
    const withTls = (type: string) => [...readyClusterWithout(() => false), secret(NS, 'api-tls', { 'tls.crt': 'CERT-never-shown', 'tls.key': 'KEY-never-shown' }, type)];

    it('passes with a kubernetes.io/tls Secret holding tls.crt and tls.key', async () => {
      const r = await checkAgainst(k8sSecrets, { intent: tlsIntent(), server: { objects: withTls('kubernetes.io/tls') } });
      expect(r.status).toBe('pass');
      expect(JSON.stringify(r)).not.toContain('never-shown');
    });

    it('warns when the TLS Secret has the keys but another type, and says how to recreate it', async () => {
      const r = await checkAgainst(k8sSecrets, { intent: tlsIntent(), server: { objects: withTls('Opaque') } });
      expect(r.status).toBe('warn');
      expect(r.message).toContain('Secret api-tls (services.api.ingress.tlsSecretName) has its keys but is of type Opaque, not kubernetes.io/tls');
      expect(r.evidence.commands).toEqual(['kubectl -n daytona delete secret api-tls && kubectl -n daytona create secret tls api-tls --cert=<certificate.pem> --key=<private-key.pem>']);
      expect(JSON.stringify(r)).not.toContain('never-shown');
    });

    it('a missing TLS Secret is to be created as kubernetes.io/tls, not as a generic Secret', async () => {
      const r = await checkAgainst(k8sSecrets, { intent: tlsIntent() });
      expect(r.status).toBe('fail');
      expect(r.evidence.commands).toEqual(['kubectl -n daytona create secret tls api-tls --cert=<certificate.pem> --key=<private-key.pem>']);
    });
  });

  it('is an error naming `list secrets` when RBAC forbids it, while checks that need other lists still run', async () => {
    const { results } = await checksAgainst([k8sSecrets, k8sStorageClass], { server: { forbid: [{ verb: 'list', resource: 'secrets', namespace: NS }] } });
    const r = results['k8s-secrets']!;
    expect(r.status).toBe('error');
    expect(r.error).toMatchObject({ code: 'Forbidden', action: 'list secrets', message: expect.stringContaining('cannot list resource "secrets" in API group "" in the namespace "daytona"') });
    expect(r.reason).toBe('Forbidden on list secrets');
    expect(results['k8s-storage-class']!.status).toBe('pass');
  });

  it('does not apply when the values reference no Secret', () => {
    const [r] = runChecks([k8sSecrets], readyIntent({ secrets: [] }), withoutKube());
    expect(r).toMatchObject({ status: 'skip', reason: 'the values reference no existing Secret' });
  });

  it('skips under --no-kube', () => {
    expect(runChecks([k8sSecrets], readyIntent(), withoutKube())[0]).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
  });
});
