import type { Check } from '../../engine/types.js';
import { k8sAccess } from './k8s-access.js';
import { k8sSecrets } from './k8s-secrets.js';
import { k8sStorageClass } from './k8s-storage-class.js';
import { k8sIngressClass } from './k8s-ingress-class.js';
import { k8sRunnerNodes } from './k8s-runner-nodes.js';

export const k8sChecks: readonly Check[] = [k8sAccess, k8sSecrets, k8sStorageClass, k8sIngressClass, k8sRunnerNodes];
