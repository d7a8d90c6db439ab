/** The reconciliation family's section of the configuration: when a day is reconciled, how far back uploads go, how big a check file batch is. */
import type { SettingsReader } from '../../config';

export interface ReconciliationSettings {
  /** Minutes after a check date closes (CST midnight) before the scheduled run reconciles it: time for late uploads. */
  graceMinutes: number;
  /** Uploads for check dates more than this many days back are refused; the scheduled run looks this far back for dates to (re)do. */
  windowDays: number;
  /** How often the scheduled pass looks for check dates due (or stale). */
  intervalMs: number;
  /** PayRecords per 7.2.2 check-file batch. */
  fileBatchRecords: number;
  /** Differences listed per result document (counts stay exact beyond it). */
  maxListedDiffs: number;
}

export function reconciliationSettings(read: SettingsReader): ReconciliationSettings {
  return {
    graceMinutes: read.int('RECONCILIATION_GRACE_MINUTES', 120, 0, 24 * 60),
    windowDays: read.int('RECONCILIATION_WINDOW_DAYS', 7, 1, 366),
    intervalMs: read.int('RECONCILIATION_INTERVAL_MS', 60_000, 1000, 86_400_000),
    fileBatchRecords: read.int('RECONCILIATION_FILE_BATCH_RECORDS', 1000, 1, 9999),
    maxListedDiffs: read.int('RECONCILIATION_MAX_LISTED_DIFFS', 10_000, 0, 1_000_000),
  };
}
