import { describe, expect, it } from 'vitest';
import { valuesIngressClass as check } from '../../../src/checks/values/values-ingress-class.js';
import { runFixture } from './support/run-fixture.js';

describe('values-ingress-class', () => {
  it('passes on the chart defaults: no class annotations, className nginx everywhere', () => {
    const { result } = runFixture(check, undefined);
    expect(result.status).toBe('pass');
    expect(result.evidence.ingresses).toEqual(['services.api.ingress', 'services.proxy.ingress', 'dex.ingress', 'harbor.expose.ingress']);
  });

  it("fails when the API ingress's kubernetes.io/ingress.class annotation (alb) differs from className (nginx)", () => {
    const { result } = runFixture(check, 'api-annotation-differs');
    expect(result.status).toBe('fail');
    expect(result.message).toContain("services.api.ingress: annotation kubernetes.io/ingress.class: 'alb' differs from className 'nginx'");
    expect(result.valuesPaths).toEqual(['services.api.ingress.annotations.kubernetes\\.io/ingress\\.class', 'services.api.ingress.className']);
    expect(result.evidence['services.api.ingress.annotations.kubernetes\\.io/ingress\\.class']).toBe('alb');
  });

  it("fails on Harbor's expose.ingress too", () => {
    const { result } = runFixture(check, 'harbor-annotation-differs');
    expect(result.status).toBe('fail');
    expect(result.message).toContain('harbor.expose.ingress');
  });

  it('passes when the annotation agrees with className', () => {
    expect(runFixture(check, 'alb-everywhere').result.status).toBe('pass');
  });

  it('ignores the annotation of an ingress the chart does not render (dex off)', () => {
    const { result } = runFixture(check, 'dex-off-with-stale-annotation');
    expect(result.status).toBe('pass');
    expect(result.evidence.ingresses).not.toContain('dex.ingress');
  });

  it('is an error, not a pass, when annotations is a string', () => {
    const { result } = runFixture(check, 'annotations-is-a-string');
    expect(result.status).toBe('error');
    expect(result.message).toContain('services.proxy.ingress.annotations should be a map but is a string');
  });
});
