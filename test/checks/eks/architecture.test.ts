import { describe, expect, it } from 'vitest';
import { amiTypeArch, instanceTypeArch, isWindowsAmi } from '../../../src/checks/eks/architecture.js';

describe('node architecture', () => {
  it.each(['m6g.large', 'c7gn.4xlarge', 'r6gd.xlarge', 't4g.medium', 'x2gd.large', 'im4gn.large', 'is4gen.large', 'g5g.xlarge', 'hpc7g.16xlarge', 'm8g.large', 'a1.large'])(
    '%s is Graviton (arm64)',
    (t) => expect(instanceTypeArch(t)).toBe('arm64'),
  );

  it.each(['m6i.large', 'm5.2xlarge', 'c6in.large', 'g4dn.xlarge', 'g5.xlarge', 'g6e.xlarge', 'gr6.4xlarge', 'm7a.large', 'r7iz.large', 'x2idn.16xlarge', 'm7i-flex.large', 'p4d.24xlarge'])(
    '%s is x86_64',
    (t) => expect(instanceTypeArch(t)).toBe('x86_64'),
  );

  it('reads the architecture from EKS AMI types, and does not guess for CUSTOM', () => {
    expect(amiTypeArch('AL2023_ARM_64_STANDARD')).toBe('arm64');
    expect(amiTypeArch('BOTTLEROCKET_ARM_64_NVIDIA')).toBe('arm64');
    expect(amiTypeArch('AL2_x86_64_GPU')).toBe('x86_64');
    expect(amiTypeArch('CUSTOM')).toBeUndefined();
    expect(isWindowsAmi('WINDOWS_CORE_2022_x86_64')).toBe(true);
  });
});
