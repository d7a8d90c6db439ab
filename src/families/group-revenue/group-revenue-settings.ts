/** The group revenue family's section of the configuration (docs/GROUP-REVENUE.md, "Settings"). */
import type { SettingsReader } from '../../config';

export interface GroupRevenueSettings {
  /** The collecting province's commission on what it collects for the other provinces, in basis points (100 = 1 %). */
  commissionBp: number;
  /** How often the sweep looks for cycles whose uploads are complete, and finals waiting on a preliminary. */
  sweepIntervalMs: number;
  /** Whether the sweep sends the preliminary result as soon as every province has uploaded (1), or only the jobs do (0). */
  preliminaryWhenComplete: boolean;
}

export function groupRevenueSettings(read: SettingsReader): GroupRevenueSettings {
  return {
    commissionBp: read.int('GROUP_REVENUE_COMMISSION_BP', 100, 0, 10_000),
    sweepIntervalMs: read.int('GROUP_REVENUE_SWEEP_INTERVAL_MS', 10_000, 10, 86_400_000),
    preliminaryWhenComplete: read.int('GROUP_REVENUE_PRELIMINARY_WHEN_COMPLETE', 1, 0, 1) === 1,
  };
}
