/** The 31 provinces and the carrier's own two-digit codes (INTERFACES.md, data conventions). */
import { ENUMERATIONS, ProvinceCodeType } from '../contract/generated/bodies';

/** A province code: one of the 31 the contract enumerates (ProvinceCodeType). */
export type ProvinceCode = ProvinceCodeType;

// Typed by the contract's enumeration, so a province missing here (or one too many) does not compile.
export const PROVINCES: Readonly<Record<ProvinceCode, string>> = {
  '11': '北京',
  '13': '天津',
  '18': '河北',
  '19': '山西',
  '10': '内蒙古',
  '91': '辽宁',
  '90': '吉林',
  '97': '黑龙江',
  '31': '上海',
  '34': '江苏',
  '36': '浙江',
  '30': '安徽',
  '38': '福建',
  '75': '江西',
  '17': '山东',
  '76': '河南',
  '71': '湖北',
  '74': '湖南',
  '51': '广东',
  '59': '广西',
  '50': '海南',
  '83': '重庆',
  '81': '四川',
  '85': '贵州',
  '86': '云南',
  '79': '西藏',
  '84': '陕西',
  '87': '甘肃',
  '70': '青海',
  '88': '宁夏',
  '89': '新疆',
};

/** In ascending order, as the services are listed. */
export const PROVINCE_CODES: readonly ProvinceCode[] = [...ENUMERATIONS.ProvinceCodeType].sort();

export function isProvinceCode(code: string): code is ProvinceCode {
  return Object.hasOwn(PROVINCES, code);
}

/** A province code read back from the store, in the contract's type; anything else is corrupt data. */
export function asProvinceCode(code: string): ProvinceCode {
  if (!isProvinceCode(code)) throw new Error(`"${code}" is not a province code`);
  return code;
}

/** The billing system id a province uses as MsgSender / MsgReceiver, e.g. BILL51. */
export function billingSystemId(province: string): string {
  return `BILL${province}`;
}

/** The province of a billing system id (BILL51 → 51), or undefined for UCRM and others. */
export function provinceOfSystem(systemId: string): ProvinceCode | undefined {
  const code = systemId.startsWith('BILL') ? systemId.slice(4) : '';
  return isProvinceCode(code) ? code : undefined;
}
