import { describe, expect, it } from 'vitest';
import { eksLbController } from '../../../src/checks/eks/eks-lb-controller.js';
import { eksCluster } from '../../../src/checks/eks/eks-cluster.js';
import { runChecks } from '../../../src/engine/run.js';
import { failed } from '../../../src/inventory/fact.js';
import type { IamPrincipal, Inventory } from '../../../src/inventory/types.js';
import { checkAgainst, withoutKube } from '../../kube-fake/harness.js';
import { deployment, serviceAccount } from '../../kube-fake/server.js';
import { LB_LABELS, LB_ROLE_ARN, readyClusterWithout, readyIntent } from '../../kube-fake/scenarios.js';

const run = (o: Parameters<typeof checkAgainst>[1] = {}) => checkAgainst(eksLbController, o, [eksCluster]);
const lbRole = (inv: Inventory) => (inv.iam!.roles!['lb-controller-role'] as { value: IamPrincipal }).value;
const withoutLb = (kind?: string) => readyClusterWithout((o) => (kind ? o.kind === kind : o.kind === 'Deployment' || o.kind === 'ServiceAccount') && o.metadata.name === 'aws-load-balancer-controller');
/** The controller's service account without its IRSA annotation (as with Pod Identity). */
const plainLbAccount = () => [...withoutLb('ServiceAccount'), serviceAccount('kube-system', 'aws-load-balancer-controller')];

describe('eks-lb-controller', () => {
  it('passes when the controller is available and its IRSA role allows the core actions (conditions on its own tags are met by design)', async () => {
    const r = await run();
    expect(r.status).toBe('pass');
    expect(r.message).toBe(
      `the AWS Load Balancer Controller runs (kube-system/aws-load-balancer-controller 2/2) with role ${LB_ROLE_ARN} (IRSA annotation on service account kube-system/aws-load-balancer-controller), which allows its core actions`,
    );
    expect(r.evidence.roles).toEqual([expect.objectContaining({ roleArn: LB_ROLE_ARN, missing: [], conditional: [], metByDesign: ['arn:aws:iam::111122223333:policy/AWSLoadBalancerControllerIAMPolicy Statement[2] [conditional]'] })]);
    expect(r.resources).toContain(LB_ROLE_ARN);
  });

  it('passes with an EKS Pod Identity association when the service account has no IRSA annotation', async () => {
    const r = await run({ scenario: 'self-managed-drivers', server: { objects: plainLbAccount() } });
    expect(r.status).toBe('pass');
    expect(r.message).toContain('arn:aws:iam::111122223333:role/lb-pod-identity (EKS Pod Identity association a-0lbcontroller00001 for kube-system/aws-load-balancer-controller)');
  });

  describe('a Pod Identity association that chains to a target role', () => {
    const TARGET = 'arn:aws:iam::111122223333:role/lb-target';
    const chainTo = (target: string) => (inv: Inventory) => {
      const list = (inv.eks!.podIdentityAssociations as { value: { associationId: string; targetRoleArn?: string }[] }).value;
      list.find((a) => a.associationId === 'a-0lbcontroller00001')!.targetRoleArn = target;
      // The target role has the controller's policy; the role it goes through keeps its own.
      const through = (inv.iam!.roles!['lb-pod-identity'] as { value: IamPrincipal }).value;
      inv.iam!.roles!['lb-target'] = { value: { ...structuredClone(through), name: 'lb-target', arn: TARGET } };
    };

    it("judges the target role, whose credentials the pods get, naming the role it goes through", async () => {
      const r = await run({ scenario: 'self-managed-drivers', server: { objects: plainLbAccount() }, editAws: chainTo(TARGET) });
      expect(r.status).toBe('pass');
      expect(r.resources).toContain(TARGET);
      expect(r.message).toContain(`${TARGET} (EKS Pod Identity association a-0lbcontroller00001 for kube-system/aws-load-balancer-controller (through arn:aws:iam::111122223333:role/lb-pod-identity))`);
    });

    it('is an error when the target role is in another account: its policies cannot be read here, and a same-named role here is another role', async () => {
      const r = await run({ scenario: 'self-managed-drivers', server: { objects: plainLbAccount() }, editAws: chainTo('arn:aws:iam::999988887777:role/lb-controller-role') });
      expect(r).toMatchObject({ status: 'error', error: { code: 'OtherAccount', action: 'iam:GetRole' } });
      expect(r.error?.message).toContain('role arn:aws:iam::999988887777:role/lb-controller-role is in account 999988887777');
    });
  });

  describe("a Pod Identity association's session policy narrows the role, as a boundary does", () => {
    const withSessionPolicy = (statements: object[], boundary = false) => (inv: Inventory) => {
      const list = (inv.eks!.podIdentityAssociations as { value: { associationId: string; sessionPolicy?: object }[] }).value;
      list.find((a) => a.associationId === 'a-0lbcontroller00001')!.sessionPolicy = { Version: '2012-10-17', Statement: statements };
      if (boundary) (inv.iam!.roles!['lb-pod-identity'] as { value: IamPrincipal }).value.permissionsBoundary = { arn: 'arn:aws:iam::aws:policy/AdministratorAccess', name: 'AdministratorAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } };
    };
    const pi = (edit: (inv: Inventory) => void) => run({ scenario: 'self-managed-drivers', server: { objects: plainLbAccount() }, editAws: edit });

    it('passes when the session policy leaves the core actions', async () => {
      const r = await pi(withSessionPolicy([{ Effect: 'Allow', Action: ['elasticloadbalancing:*', 'ec2:Describe*', 'ec2:AuthorizeSecurityGroupIngress'], Resource: '*' }]));
      expect(r.status).toBe('pass');
    });

    it('fails when the session policy leaves out a core action, naming it', async () => {
      const r = await pi(withSessionPolicy([{ Effect: 'Allow', Action: 'ec2:Describe*', Resource: '*' }]));
      expect(r.status).toBe('fail');
      expect(r.message).toContain('elasticloadbalancing:CreateLoadBalancer');
    });

    it('is an error when the role also has a permissions boundary (the three-way intersection is not evaluated)', async () => {
      const r = await pi(withSessionPolicy([{ Effect: 'Allow', Action: '*', Resource: '*' }], true));
      expect(r).toMatchObject({ status: 'error', error: { code: 'NotEvaluated' } });
    });
  });

  it('is an error when the IRSA annotation names a role in another account', async () => {
    const other = 'arn:aws:iam::999988887777:role/lb-controller-role';
    const r = await run({ server: { objects: [...withoutLb('ServiceAccount'), serviceAccount('kube-system', 'aws-load-balancer-controller', { 'eks.amazonaws.com/role-arn': other })] } });
    expect(r).toMatchObject({ status: 'error', error: { code: 'OtherAccount' } });
  });

  it('passes on EKS Auto Mode load balancing, even under --no-kube', () => {
    const results = runChecks([eksCluster, eksLbController], readyIntent(), withoutKube('auto-mode'));
    expect(results[1]).toMatchObject({ status: 'pass', message: 'EKS Auto Mode load balancing is on for cluster daytona: AWS runs the load balancer controller' });
  });

  it('skips under --no-kube when Auto Mode is off (only the cluster can show the controller)', () => {
    const results = runChecks([eksCluster, eksLbController], readyIntent(), withoutKube());
    expect(results[1]).toMatchObject({ status: 'skip', reason: 'in-cluster checks disabled by --no-kube' });
    expect(results[1]!.message).toContain('EKS Auto Mode load balancing is off');
  });

  it('fails when no Deployment labelled app.kubernetes.io/name=aws-load-balancer-controller exists in any namespace', async () => {
    const r = await run({ server: { objects: withoutLb() } });
    expect(r.status).toBe('fail');
    expect(r.message).toMatch(/^the AWS Load Balancer Controller is not installed \(no Deployment labelled app\.kubernetes\.io\/name=aws-load-balancer-controller in any namespace\)/);
  });

  it('finds the controller in any namespace, and fails when none of its replicas is available', async () => {
    const objects = [...withoutLb('Deployment'), deployment('lb-system', 'alb-controller', { labels: LB_LABELS, replicas: 2, available: 0, serviceAccountName: 'aws-load-balancer-controller' })];
    const r = await run({ server: { objects } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe('the AWS Load Balancer Controller is installed but not available: lb-system/alb-controller 0/2 replicas available');
  });

  it('fails when the service account has neither an IRSA annotation nor a Pod Identity association', async () => {
    const r = await run({ server: { objects: plainLbAccount() } });
    expect(r.status).toBe('fail');
    expect(r.message).toBe(
      'kube-system/aws-load-balancer-controller has no IAM role: service account kube-system/aws-load-balancer-controller has no eks.amazonaws.com/role-arn annotation and no EKS Pod Identity association',
    );
  });

  it('fails when the annotated role does not exist', async () => {
    const r = await run({ editAws: (inv) => (inv.iam!.roles!['lb-controller-role'] = { value: null }) });
    expect(r.status).toBe('fail');
    expect(r.message).toContain(`uses role ${LB_ROLE_ARN} (IRSA annotation on service account kube-system/aws-load-balancer-controller), which does not exist`);
  });

  it('fails when the role lacks a core action, naming it', async () => {
    const r = await run({
      editAws: (inv) => {
        const doc = lbRole(inv).attached[0]!.document!;
        doc.Statement = (doc.Statement as { Action: string[] }[]).filter((s) => !s.Action.includes('ec2:AuthorizeSecurityGroupIngress')) as never;
      },
    });
    expect(r.status).toBe('fail');
    expect(r.message).toBe(`${LB_ROLE_ARN} (IRSA annotation on service account kube-system/aws-load-balancer-controller): ec2:AuthorizeSecurityGroupIngress on arn:aws:ec2:eu-west-1:111122223333:security-group/* is not granted by any policy`);
  });

  it('fails when an explicit Deny blocks a core action', async () => {
    const r = await run({
      editAws: (inv) => lbRole(inv).inline.push({ name: 'no-lb', document: { Version: '2012-10-17', Statement: [{ Sid: 'NoNewLoadBalancers', Effect: 'Deny', Action: 'elasticloadbalancing:CreateLoadBalancer', Resource: '*' }] } }),
    });
    expect(r.status).toBe('fail');
    expect(r.message).toContain('elasticloadbalancing:CreateLoadBalancer on arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/*/* is explicitly denied by inline policy "no-lb" Statement[0] (Sid "NoNewLoadBalancers")');
  });

  it('warns when a core action is allowed only under a condition the controller does not meet by itself', async () => {
    const r = await run({
      editAws: (inv) => {
        const st = (lbRole(inv).attached[0]!.document!.Statement as { Action: string[]; Condition?: unknown }[]).find((s) => s.Action.includes('ec2:AuthorizeSecurityGroupIngress'))!;
        st.Condition = { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } };
      },
    });
    expect(r.status).toBe('warn');
    expect(r.message).toContain('ec2:AuthorizeSecurityGroupIngress on arn:aws:ec2:eu-west-1:111122223333:security-group/* is allowed only under conditions: arn:aws:iam::111122223333:policy/AWSLoadBalancerControllerIAMPolicy Statement[1] [conditional]');
  });

  it('is an error naming `list deployments` when RBAC forbids it', async () => {
    const r = await run({ server: { forbid: [{ verb: 'list', resource: 'deployments' }] } });
    expect(r).toMatchObject({ status: 'error', error: { code: 'Forbidden', action: 'list deployments' } });
  });

  it('is an error when the role could not be read', async () => {
    const r = await run({ editAws: (inv) => (inv.iam!.roles!['lb-controller-role'] = failed({ code: 'AccessDenied', action: 'iam:GetRole', message: 'not authorized to perform iam:GetRole' })) });
    expect(r).toMatchObject({ status: 'error', error: { code: 'AccessDenied', action: 'iam:GetRole' } });
  });

  it('does not apply when the SSH gateway is not a LoadBalancer', () => {
    const [r] = runChecks([eksLbController], readyIntent({ sshGateway: { enabled: true, loadBalancer: false, annotations: {} } }), withoutKube());
    expect(r).toMatchObject({ status: 'skip', reason: 'the SSH gateway is not a LoadBalancer Service' });
  });
});
