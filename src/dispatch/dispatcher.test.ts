import { expect } from 'chai';
import { resolve } from 'node:path';
import { ContractCatalogue } from '../contract/catalogue';
import { SoapFaultError } from '../contract/faults';
import { MessageHead, TransIdHGenerator } from '../domain/message-head';
import { NumberSegmentTable } from '../domain/number-segments';
import { HandlerRequest } from '../handlers/handler';
import { StoreUnavailableError } from '../store/ports';
import { Dispatcher } from './dispatcher';
import { InboundExchange } from './exchange';
import { TRANSIDH_FORMAT } from '../../test/support/heads';

const contracts = ContractCatalogue.load(resolve(__dirname, '../../../wsdl'));
const segments = NumberSegmentTable.fromCsvFile();
const query = contracts.get('4.2.1');

const head = (routeType: '00' | '01', routeValue: string): MessageHead => ({
  OrigDomain: 'PBSS',
  HomeDomain: 'UCRM',
  BIPCode: 'BIP1004',
  BIPVer: '0100',
  ActivityCode: 'T100421',
  ActionCode: '0',
  RouteType: routeType,
  RouteValue: routeValue,
  ProcID: 'P',
  TransIDO: 'O',
  ProcessTime: '20260101000000',
  TestFlag: '1',
  MsgSender: 'BILL36',
  MsgReceiver: 'UCRM',
});
const exchange = (h: MessageHead): InboundExchange => ({
  contract: query,
  operation: query.operations.get('QueryRemoteAccount')!,
  head: h,
  body: {},
  receivedAt: Date.now(),
  transIdH: undefined,
  province: undefined,
});

describe('dispatcher', () => {
  const seen: HandlerRequest[] = [];
  const dispatcher = (handler = async (r: HandlerRequest) => (seen.push(r), { rspCode: '0000' as const, body: {} })) =>
    new Dispatcher({ '4.2.1': { QueryRemoteAccount: handler } }, segments, new TransIdHGenerator('01'));

  it('routes RouteType 01 by the number-segment table and 00 by province code', async () => {
    const d = dispatcher().forInterface(query);
    await d(exchange(head('01', '13051000001')));
    await d(exchange(head('00', '31')));
    expect(seen.slice(-2).map((r) => r.route)).to.deep.equal([
      { province: '51', by: 'number' },
      { province: '31', by: 'province' },
    ]);
  });

  it('answers 1001 without calling the handler for a number outside the table', async () => {
    const before = seen.length;
    const reply = await dispatcher().forInterface(query)(exchange(head('01', '13099990001')));
    expect(reply.head.RspCode).to.equal('1001');
    expect(seen.length).to.equal(before);
  });

  it('gives each exchange its own TransIDH, on the exchange and in the answer', async () => {
    const ex = exchange(head('01', '13051000001'));
    const reply = await dispatcher().forInterface(query)(ex);
    expect(reply.head.TransIDH).to.equal(ex.transIdH).and.match(TRANSIDH_FORMAT);
    expect(ex.province).to.equal('51');
  });

  it('faults a RouteType 00 whose value is no province, and an interface without handler', async () => {
    await dispatcher()
      .forInterface(query)(exchange(head('00', '99')))
      .then(
        () => expect.fail(),
        (e) => expect(e).to.be.instanceOf(SoapFaultError).with.property('fault', 'BAD_ROUTE'),
      );
    await dispatcher()
      .forInterface(contracts.get('7.2.1'))(exchange(head('00', '36')))
      .then(
        () => expect.fail(),
        (e) => expect(e).to.have.property('fault', 'NOT_IMPLEMENTED'),
      );
  });

  it('turns an unreachable store into a STORE_UNAVAILABLE Server fault', async () => {
    const d = dispatcher(async () => {
      throw new StoreUnavailableError('down');
    }).forInterface(query);
    await d(exchange(head('01', '13051000001'))).then(
      () => expect.fail(),
      (e) => {
        expect(e).to.have.property('fault', 'STORE_UNAVAILABLE');
        expect(e).to.have.property('side', 'Server');
        expect(e).to.have.property('rspCode', '9999');
      },
    );
  });
});
