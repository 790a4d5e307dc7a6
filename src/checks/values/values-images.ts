import type { Check } from '../../engine/types.js';
import type { ImageRef } from '../../values/types.js';
import { typed } from './support/typed.js';
import { Verdict } from './support/verdict.js';

const label = (i: ImageRef) => `${i.component} (${i.ref})`;

export const valuesImages: Check = {
  id: 'values-images',
  area: 'values',
  title: 'Images that do not follow global.imageRegistry are listed',
  severity: 'medium',
  appliesTo: () => true,
  needs: [],
  evaluate: (intent) => {
    const v = typed(intent.values.merged);
    const registry = v.text('global.imageRegistry').replace(/\/+$/, '');
    const verdict = new Verdict().note('global.imageRegistry', registry);
    const images = intent.images;

    if (!registry) {
      // A reference without a registry (`ubuntu:22.04`) is pulled from Docker Hub.
      const registries = [...new Set(images.map((i) => i.registry || 'docker.io'))].sort();
      verdict.detail('registries', registries).detail('images', images.map((i) => i.ref));
      return verdict.outcome(
        `global.imageRegistry is not set: the ${images.length} images are pulled from their own registries (${registries.join(', ')}), which the nodes must reach`,
      );
    }

    const follows = images.filter((i) => i.followsGlobalRegistry);
    // An image whose own override already points at the registry is as good as following it.
    const overridden = images.filter((i) => !i.followsGlobalRegistry && i.ref.startsWith(`${registry}/`));
    const elsewhere = images.filter((i) => !i.followsGlobalRegistry && !i.ref.startsWith(`${registry}/`));
    verdict
      .detail('followGlobalRegistry', follows.map(label))
      .detail('overriddenToRegistry', overridden.map(label))
      .detail('notFollowing', elsewhere.map((i) => ({ component: i.component, ref: i.ref, path: i.path })));
    if (elsewhere.length)
      verdict.warn(
        `${elsewhere.length} of ${images.length} images do not follow global.imageRegistry ${registry} and still need public egress or their own overrides: ${elsewhere.map(label).join(', ')}`,
        'global.imageRegistry',
        ...elsewhere.map((i) => i.path),
      );
    return verdict.outcome(`all ${images.length} images come from ${registry} (${follows.length} through global.imageRegistry, ${overridden.length} by their own override)`);
  },
  remediation: 'manual',
  docs: {
    what: 'With global.imageRegistry set, lists which images follow it (Daytona services and migration jobs, dex, busybox, Bitnami PostgreSQL/Redis) and which do not (Harbor goharbor/*, MinIO, ubuntu:22.04, registry.k8s.io/pause, alpine/socat) unless their own repository override points at the registry. Without it, reports where images come from.',
    why: 'A private registry (ECR) is usually chosen because nodes have no public egress: images that ignore global.imageRegistry are still pulled from Docker Hub, quay.io or registry.k8s.io, and their pods stay in ImagePullBackOff.',
    fix: 'Mirror the listed images into the registry and point each at it, e.g. harbor.core.image.repository: <registry>/goharbor/harbor-core, services.runner.dockerInstaller.image: <registry>/library/ubuntu:22.04, services.runnermanager.env.PLACEHOLDER_POD_IMAGE: <registry>/pause:3.6; or give the nodes egress (NAT gateway) to the public registries.',
  },
};
