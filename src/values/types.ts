/**
 * The Intent: what the install needs, derived once from the merged values.
 * Live checks and collectors read only the derived fields; the `values-*` checks, whose subject
 * is the values themselves, read the merged document through `values` (a read-only view that
 * also knows where each key came from, for evidence and SARIF locations).
 */

export type ValuesTree = Record<string, unknown>;

/** Where a key was set: a values file and line, `--set`, or the chart defaults. */
export interface ValueOrigin {
  source: 'file' | 'set' | 'default';
  file?: string;
  line?: number;
  column?: number;
}

export interface ValuesView {
  /** The merged tree (chart defaults, then files, then --set). */
  readonly merged: ValuesTree;
  /** The chart's own defaults, as shipped. */
  readonly defaults: ValuesTree;
  /** Dotted path lookup: get('harbor.persistence.imageChartStorage.type'). Array indexes as `a.0.b`. */
  get(path: string): unknown;
  /** Whether the user (a file or --set) set this path, as opposed to the chart default. */
  isUserSet(path: string): boolean;
  /** The file and line that last set this path (or the nearest parent that was set). */
  origin(path: string): ValueOrigin;
  /** The values files in merge order. */
  readonly files: { path: string; sha256: string }[];
}

export interface ImageRef {
  /** Which part of the chart pulls it: 'api', 'harbor.core', 'dex.init'… */
  component: string;
  /** Values path of the image block or string. */
  path: string;
  registry: string;
  repository: string;
  tag: string;
  /** `<registry>/<repository>:<tag>` exactly as the chart renders it. */
  ref: string;
  /** True when the chart builds this image from global.imageRegistry. */
  followsGlobalRegistry: boolean;
}

export interface SecretRequirement {
  name: string;
  /** Where the pods that read it run: `daytonaNamespace` for Daytona's own templates, the release namespace for the subcharts'. */
  namespace: string;
  keys: string[];
  /** Values path that names the Secret. */
  path: string;
  purpose: string;
}

export interface PvcRequirement {
  component: string;
  size: string;
  storageClass?: string;
}

export interface S3Target {
  /** 'harbor' for the registry storage, 'api' for services.api.env S3_*. */
  use: 'harbor' | 'api';
  bucket: string;
  region: string;
  /** The access key id only; the secret never enters the Intent. */
  accessKeyId?: string;
  existingSecret?: string;
  regionEndpoint?: string;
}

export interface EcrRegistry {
  /** `123456789012.dkr.ecr.us-east-1.amazonaws.com` */
  host: string;
  accountId: string;
  region: string;
  /** Path prefix after the host, if global.imageRegistry carries one (`host/mirror`). */
  prefix: string;
}

export interface Intent {
  release: string;
  /** The release namespace (--namespace): the subcharts install there. */
  namespace: string;
  /** namespaceOverride, else the release namespace: where Daytona's own templates put their resources. */
  daytonaNamespace: string;
  values: ValuesView;
  database: {
    external: boolean;
    host: string;
    port: number;
    name: string;
    user: string;
    tls: boolean;
    existingSecret?: string;
    passwordSet: boolean;
  };
  redis: {
    external: boolean;
    host: string;
    port: number;
    tls: boolean;
    username?: string;
    existingSecret?: string;
    passwordSet: boolean;
  };
  harbor: {
    enabled: boolean;
    storageType: string;
    adminPasswordSecret?: { name: string; key: string };
  };
  /** S3 buckets the install uses (Harbor on S3, the API's S3 settings when set). */
  s3: S3Target[];
  /** global.imageRegistry, '' when unset. */
  imageRegistry: string;
  /** Set when global.imageRegistry is an ECR registry. */
  ecr?: EcrRegistry;
  /** Every image the install will pull (enabled components only). */
  images: ImageRef[];
  sshGateway: {
    enabled: boolean;
    loadBalancer: boolean;
    annotations: Record<string, string>;
  };
  ingress: {
    classNames: string[];
    /** Values paths of enabled Ingresses with neither className nor class annotation: only a default IngressClass serves them. */
    withoutClass: string[];
  };
  /** PVCs the enabled components create. Empty when nothing needs a StorageClass. */
  pvcs: PvcRequirement[];
  /** Secrets the values name that must exist before install. */
  secrets: SecretRequirement[];
  runner: { enabled: boolean };
  /** services.{api,proxy}.autoscaling.enabled: the HPA templates need Kubernetes 1.23. */
  autoscaling: boolean;
}
