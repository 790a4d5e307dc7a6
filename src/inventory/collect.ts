import type { FactNeed } from '../engine/types.js';
import type { Intent } from '../values/types.js';
import type { Inventory } from './types.js';

export interface CollectOptions {
  needs: ReadonlySet<FactNeed>;
  intent: Intent;
  cluster?: string;
  region?: string;
  profile?: string;
  kubeconfig?: string;
  context?: string;
  /** false under --no-kube */
  kube: boolean;
  timeoutMs: number;
  onProgress?: (message: string) => void;
}

export interface CollectResult {
  inventory: Inventory;
  apiCalls: Record<string, number>;
  apiRetries: Record<string, number>;
}

// TODO(aws collectors): implemented by the live AWS work.
export async function collectInventory(_opts: CollectOptions): Promise<CollectResult> {
  throw new Error('live collection is not implemented yet');
}
