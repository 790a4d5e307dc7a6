import { describe, expect, it } from 'vitest';
import { k8sIngressClass } from '../../../src/checks/k8s/k8s-ingress-class.js';
import { runChecks } from '../../../src/engine/run.js';
import { checkAgainst, withoutKube } from '../../kube-fake/harness.js';
import { ingressClass } from '../../kube-fake/server.js';
import { readyClusterWithout, readyIntent } from '../../kube-fake/scenarios.js';

describe('k8s-ingress-class', () => {
  it('passes when an IngressClass exists for the className the Ingresses use', async () => {
    const r = await checkAgainst(k8sIngressClass);
    expect(r.status).toBe('pass');
    expect(r.message).toBe('IngressClass nginx (controller k8s.io/ingress-nginx) exists');
    expect(r.resources).toEqual(['k8s:ingressclass/nginx']);
  });

  it('fails when the className has no IngressClass, naming the classes the cluster has', async () => {
    const r = await checkAgainst(k8sIngressClass, { server: { objects: readyClusterWithout((o) => o.kind === 'IngressClass' && o.metadata.name === 'nginx') } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe("IngressClass nginx does not exist (the cluster has alb (ingress.k8s.aws/alb)): no controller would serve the chart's Ingresses for it");
    expect(r.evidence.missing).toEqual(['nginx']);
  });

  it('checks every className in use', async () => {
    const r = await checkAgainst(k8sIngressClass, { intent: readyIntent({ ingress: { classNames: ['nginx', 'traefik'], withoutClass: [] } }) });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^IngressClass traefik does not exist/);
  });

  it('reports which IngressClass is the default only when the annotation is exactly "true"', async () => {
    const objects = [
      ...readyClusterWithout((o) => o.kind === 'IngressClass'),
      ingressClass('nginx', 'k8s.io/ingress-nginx', true),
      { ...ingressClass('alb', 'ingress.k8s.aws/alb'), metadata: { name: 'alb', annotations: { 'ingressclass.kubernetes.io/is-default-class': 'True' } } },
    ];
    const r = await checkAgainst(k8sIngressClass, { server: { objects } });
    expect(r.evidence.ingressClasses).toEqual([
      { name: 'alb', controller: 'ingress.k8s.aws/alb', isDefault: false },
      { name: 'nginx', controller: 'k8s.io/ingress-nginx', isDefault: true },
    ]);
  });

  describe('an Ingress that names no class', () => {
    const unclassed = readyIntent({ ingress: { classNames: ['nginx'], withoutClass: ['services.proxy.ingress'] } });
    const classes = (...defaults: boolean[]) => [
      ...readyClusterWithout((o) => o.kind === 'IngressClass'),
      ingressClass('nginx', 'k8s.io/ingress-nginx', defaults[0]),
      ingressClass('alb', 'ingress.k8s.aws/alb', defaults[1]),
    ];

    it('passes when exactly one IngressClass is the default, naming it', async () => {
      const r = await checkAgainst(k8sIngressClass, { intent: unclassed, server: { objects: classes(false, true) } });
      expect(r.status).toBe('pass');
      expect(r.message).toBe('IngressClass nginx (controller k8s.io/ingress-nginx), alb (controller ingress.k8s.aws/alb, the default) exist');
    });

    it('fails when no IngressClass is the default: no controller would serve it', async () => {
      const r = await checkAgainst(k8sIngressClass, { intent: unclassed, server: { objects: classes(false, false) } });
      expect(r.status).toBe('fail');
      expect(r.message).toBe('services.proxy.ingress names no IngressClass, and the cluster has no default IngressClass: no controller would serve it');
      expect(r.valuesPaths).toEqual(['services.proxy.ingress.className']);
    });

    it('fails when several IngressClasses are the default: the API server refuses such an Ingress', async () => {
      const r = await checkAgainst(k8sIngressClass, { intent: unclassed, server: { objects: classes(true, true) } });
      expect(r.status).toBe('fail');
      expect(r.message).toContain('2 default IngressClasses (alb, nginx)');
    });
  });

  it('is an error when listing IngressClasses is forbidden', async () => {
    const r = await checkAgainst(k8sIngressClass, { server: { forbid: [{ verb: 'list', resource: 'ingressclasses' }] } });
    expect(r).toMatchObject({ status: 'error', error: { code: 'Forbidden', action: 'list ingressclasses' } });
  });

  it('does not apply when no Ingress is enabled, and skips under --no-kube', () => {
    expect(runChecks([k8sIngressClass], readyIntent({ ingress: { classNames: [], withoutClass: [] } }), withoutKube())[0]).toMatchObject({ status: 'skip', reason: 'no Ingress is enabled' });
    expect(runChecks([k8sIngressClass], readyIntent(), withoutKube())[0]).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
  });
});
