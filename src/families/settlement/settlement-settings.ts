/** The settlement family's section of the configuration: the collection commission. */
import type { SettingsReader } from '../../config';

export interface SettlementSettings {
  /** The commission a collecting province keeps on what it collected for another, in permille (10 = 1%). */
  commissionPermille: number;
}

export function settlementSettings(read: SettingsReader): SettlementSettings {
  return { commissionPermille: read.int('SETTLEMENT_COMMISSION_PERMILLE', 10, 0, 1000) };
}
