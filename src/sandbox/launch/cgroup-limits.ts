/**
 * cgroup v1 settings for one environment, derived from MemorySize the way Lambda scales CPU: one
 * full vCPU at 1,769 MB, proportionally less or more, never more CPUs than the host has.
 */

export const MEMORY_PER_VCPU_MIB = 1769;
export const CFS_PERIOD_US = 100_000;
/** Below this a runtime barely starts; Lambda's 128 MB gets ~7 %, rounded up here to 10 %. */
export const MIN_CPU_FRACTION = 0.1;
/** cpu.shares of one full vCPU, the kernel's default weight. */
const SHARES_PER_VCPU = 1024;
/** The kernel's minimum cpu.shares. */
const MIN_SHARES = 2;

export interface CgroupLimits {
  readonly memoryBytes: number;
  readonly pidsMax: number;
  readonly cpuShares: number;
  readonly cfsPeriodUs: number;
  readonly cfsQuotaUs: number;
  /** Every host CPU: the quota while boosted. */
  readonly boostQuotaUs: number;
}

export function cgroupLimits(memoryMiB: number, pidsMax: number, hostCpus: number): CgroupLimits {
  const vcpus = memoryMiB / MEMORY_PER_VCPU_MIB;
  const quota = Math.round(CFS_PERIOD_US * vcpus);
  const minQuota = Math.round(CFS_PERIOD_US * MIN_CPU_FRACTION);
  const maxQuota = CFS_PERIOD_US * Math.max(1, hostCpus);
  return {
    memoryBytes: memoryMiB * 1024 * 1024,
    pidsMax,
    cpuShares: Math.max(MIN_SHARES, Math.round(SHARES_PER_VCPU * vcpus)),
    cfsPeriodUs: CFS_PERIOD_US,
    cfsQuotaUs: Math.min(maxQuota, Math.max(minQuota, quota)),
    boostQuotaUs: maxQuota,
  };
}
