/** Request heads as a collecting province would send them, for tests. */
import { MessageHead, provinceRequestHead } from '../../src/domain/message-head';
import { cstTimestamp } from '../../src/domain/cst-time';

let counter = 0;
export function uniqueId(prefix = 'T'): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${process.pid.toString(36)}${counter}`.slice(0, 32);
}

export function provinceHead(
  interfaceNumber: string,
  sender: string,
  route: { type: '00' | '01'; value: string },
  extra: Partial<MessageHead> = {},
): MessageHead {
  return { ...provinceRequestHead(interfaceNumber, sender, { route, procId: uniqueId('P'), transIdO: uniqueId('O'), processTime: cstTimestamp() }), ...extra };
}

/**
 * HQ's TransIDH in full: UCRM, the CST second it was issued (YYYYMMDDHHMMSS), the issuing
 * instance's two-character id, a six-digit sequence (domain/message-head.ts). One place, so
 * that a test checks the whole format rather than the prefix.
 */
export const TRANSIDH_FORMAT = /^UCRM\d{14}[0-9A-Z]{2}\d{6}$/;
