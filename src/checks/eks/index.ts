import type { Check } from '../../engine/types.js';
import { eksCluster } from './eks-cluster.js';
import { eksVersion } from './eks-version.js';
import { eksNodes } from './eks-nodes.js';
import { eksSubnetTags } from './eks-subnet-tags.js';
import { eksLbController } from './eks-lb-controller.js';
import { eksStorage } from './eks-storage.js';

export const eksChecks: readonly Check[] = [
  eksCluster,
  eksVersion,
  eksNodes,
  eksSubnetTags,
  eksLbController,
  eksStorage,
];
