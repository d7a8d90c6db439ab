/** The one-point collection's section of the configuration: how often its sweep looks for bills to deliver and results to allocate. */
import type { SettingsReader } from '../../config';

export interface GroupCollectionSettings {
  sweepIntervalMs: number;
}

export function groupCollectionSettings(read: SettingsReader): GroupCollectionSettings {
  return { sweepIntervalMs: read.int('GROUP_COLLECTION_SWEEP_MS', 1000, 10, 3_600_000) };
}
