/**
 * The common message head (UniBSSHead) and the rules for filling it in: which codes an
 * interface carries, how a response head mirrors its request, and how HQ numbers its
 * transactions (TransIDH).
 */
import { cstTimestamp } from './cst-time';
import { describe, RspCode, rspTypeOf } from '../contract/rsp-codes';
import { ActivityCodeType, BIPCodeType, ENUMERATIONS, TestFlagType, UniBSSHead } from '../contract/generated/bodies';

/** The head as the contract declares it (UniBSSHeadType, generated from vol10-header.xsd). */
export type MessageHead = UniBSSHead;

// Both codes are checked on every request and there are sixteen interface numbers: each code is worked out once.
const bipCodes = new Map<string, BIPCodeType>();
const activityCodes = new Map<string, ActivityCodeType>();

/** BIP10 + chapter: one business process per function (documented in vol10-header.xsd). */
export function bipCodeOf(interfaceNumber: string): BIPCodeType {
  let code = bipCodes.get(interfaceNumber);
  if (code === undefined) {
    code = enumerated(ENUMERATIONS.BIPCodeType, `BIP10${interfaceNumber.split('.')[0].padStart(2, '0')}`, interfaceNumber);
    bipCodes.set(interfaceNumber, code);
  }
  return code;
}

/** T10 + chapter + the last two parts of the number: 4.2.1 → T100421. */
export function activityCodeOf(interfaceNumber: string): ActivityCodeType {
  let code = activityCodes.get(interfaceNumber);
  if (code === undefined) {
    const [chapter, section, item] = interfaceNumber.split('.');
    code = enumerated(ENUMERATIONS.ActivityCodeType, `T10${chapter.padStart(2, '0')}${section}${item}`, interfaceNumber);
    activityCodes.set(interfaceNumber, code);
  }
  return code;
}

/** `code` if the header schema enumerates it; an interface number the contract does not have has none. */
function enumerated<T extends string>(values: readonly T[], code: string, interfaceNumber: string): T {
  const found = values.find((v) => v === code);
  if (found === undefined) throw new Error(`interface ${interfaceNumber} has no ${code} in the contract's message head`);
  return found;
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
  testFlag: TestFlagType;
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

/** A request's route and ids as a collecting province's billing system sends it to HQ. */
export interface ProvinceRequest {
  route: { type: '00' | '01'; value: string };
  procId: string;
  transIdO: string;
  processTime: string;
}

/** The head a province's billing system (BILLnn) puts on a request to HQ's P→H interface: test traffic (TestFlag 1). */
export function provinceRequestHead(interfaceNumber: string, province: string, request: ProvinceRequest): MessageHead {
  return {
    OrigDomain: 'PBSS',
    HomeDomain: 'UCRM',
    BIPCode: bipCodeOf(interfaceNumber),
    BIPVer: '0100',
    ActivityCode: activityCodeOf(interfaceNumber),
    ActionCode: '0',
    RouteType: request.route.type,
    RouteValue: request.route.value,
    ProcID: request.procId,
    TransIDO: request.transIdO,
    ProcessTime: request.processTime,
    TestFlag: '1',
    MsgSender: `BILL${province}`,
    MsgReceiver: 'UCRM',
  };
}
