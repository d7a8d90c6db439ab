/**
 * The common message head (UniBSSHead) and the rules for filling it in: which codes an
 * interface carries, how a response head mirrors its request, and how HQ numbers its
 * transactions (TransIDH).
 */
import { cstTimestamp } from './cst-time';
import { describe, RspCode, rspTypeOf } from '../contract/rsp-codes';

export interface MessageHead {
  OrigDomain: 'PBSS' | 'UCRM';
  HomeDomain: 'PBSS' | 'UCRM';
  BIPCode: string;
  BIPVer: string;
  ActivityCode: string;
  ActionCode: '0' | '1';
  RouteType: '00' | '01';
  RouteValue: string;
  ProcID: string;
  TransIDO: string;
  TransIDH?: string;
  ProcessTime: string;
  TestFlag: '0' | '1';
  MsgSender: string;
  MsgReceiver: string;
  RspType?: '0' | '1' | '2';
  RspCode?: string;
  RspDesc?: string;
}

// Both codes are checked on every request and there are sixteen interface numbers: each code is worked out once.
const bipCodes = new Map<string, string>();
const activityCodes = new Map<string, string>();

/** BIP10 + chapter: one business process per function (documented in vol10-header.xsd). */
export function bipCodeOf(interfaceNumber: string): string {
  let code = bipCodes.get(interfaceNumber);
  if (code === undefined) bipCodes.set(interfaceNumber, (code = `BIP10${interfaceNumber.split('.')[0].padStart(2, '0')}`));
  return code;
}

/** T10 + chapter + the last two parts of the number: 4.2.1 → T100421. */
export function activityCodeOf(interfaceNumber: string): string {
  let code = activityCodes.get(interfaceNumber);
  if (code === undefined) {
    const [chapter, section, item] = interfaceNumber.split('.');
    activityCodes.set(interfaceNumber, (code = `T10${chapter.padStart(2, '0')}${section}${item}`));
  }
  return code;
}

/** The head of the answer to `request`: same flow ids, domains and systems swapped. */
export function responseHead(request: MessageHead, transIdH: string | undefined, code: RspCode, desc?: string): MessageHead {
  return {
    OrigDomain: request.HomeDomain,
    HomeDomain: request.OrigDomain,
    BIPCode: request.BIPCode,
    BIPVer: request.BIPVer,
    ActivityCode: request.ActivityCode,
    ActionCode: '1',
    RouteType: request.RouteType,
    RouteValue: request.RouteValue,
    ProcID: request.ProcID,
    TransIDO: request.TransIDO,
    TransIDH: transIdH,
    ProcessTime: cstTimestamp(),
    TestFlag: request.TestFlag,
    MsgSender: request.MsgReceiver,
    MsgReceiver: request.MsgSender,
    RspType: rspTypeOf(code),
    RspCode: code,
    RspDesc: (desc ?? describe(code)).slice(0, 256),
  };
}

/**
 * HQ's transaction ids: UCRM + CST second + 2-character instance id + 6-digit sequence
 * (26 characters, within TransIDType's 32). Unique per instance as long as it issues fewer
 * than a million ids a second; the instance id keeps several gateways on one database apart.
 */
export class TransIdHGenerator {
  private sequence = 0;
  constructor(private readonly instanceId: string) {
    if (!/^[0-9A-Z]{2}$/.test(instanceId)) throw new Error('instance id must be two characters 0-9 / A-Z');
  }

  next(): string {
    this.sequence = (this.sequence + 1) % 1_000_000;
    return `UCRM${cstTimestamp()}${this.instanceId}${String(this.sequence).padStart(6, '0')}`;
  }
}

/** The flow a request HQ sends to a province belongs to. */
export interface HqRequestIds {
  procId: string;
  transIdO: string; // the collecting province's, for forwarded requests; HQ's own otherwise
  transIdH: string;
  testFlag: '0' | '1';
}

/** The head HQ puts on a request to a province's H→P interface. */
export function hqRequestHead(targetInterface: string, province: string, ids: HqRequestIds): MessageHead {
  return {
    OrigDomain: 'UCRM',
    HomeDomain: 'PBSS',
    BIPCode: bipCodeOf(targetInterface),
    BIPVer: '0100',
    ActivityCode: activityCodeOf(targetInterface),
    ActionCode: '0',
    RouteType: '00',
    RouteValue: province,
    ProcID: ids.procId,
    TransIDO: ids.transIdO,
    TransIDH: ids.transIdH,
    ProcessTime: cstTimestamp(),
    TestFlag: ids.testFlag,
    MsgSender: 'UCRM',
    MsgReceiver: `BILL${province}`,
  };
}
