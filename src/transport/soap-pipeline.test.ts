/**
 * The pipeline's named stages and their hooks, and the one way the exchange's TransIDH
 * travels: driven through a SoapEndpoint with a stub dispatch.
 */
import { expect } from 'chai';
import { resolve } from 'node:path';
import { ContractCatalogue } from '../contract/catalogue';
import { SoapFaultError } from '../contract/faults';
import { Dispatch } from '../dispatch/exchange';
import { responseHead } from '../domain/message-head';
import { ExchangeRecord } from '../journal/exchange-record';
import { EndpointOptions, SoapEndpoint } from './soap-endpoint';
import { STAGES, StageName } from './soap-exchange';

const contract = ContractCatalogue.load(resolve(__dirname, '../../../wsdl')).get('4.2.1');
const NS = 'http://ucrm.chinaunicom.cn/vol10';
const HEAD = `<v:UniBSSHead><v:OrigDomain>PBSS</v:OrigDomain><v:HomeDomain>UCRM</v:HomeDomain><v:BIPCode>BIP1004</v:BIPCode><v:BIPVer>0100</v:BIPVer><v:ActivityCode>T100421</v:ActivityCode><v:ActionCode>0</v:ActionCode><v:RouteType>01</v:RouteType><v:RouteValue>13051000001</v:RouteValue><v:ProcID>P1</v:ProcID><v:TransIDO>O1</v:TransIDO><v:ProcessTime>20261120103000</v:ProcessTime><v:TestFlag>1</v:TestFlag><v:MsgSender>BILL36</v:MsgSender><v:MsgReceiver>UCRM</v:MsgReceiver></v:UniBSSHead>`;
const BODY = `<v:QueryRemoteAccountReq><v:ServiceNumber>13051000001</v:ServiceNumber><v:CollectProvince>36</v:CollectProvince></v:QueryRemoteAccountReq>`;
const ENVELOPE = `<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:v="${NS}"><s:Header>${HEAD}</s:Header><s:Body>${BODY}</s:Body></s:Envelope>`;

/** Numbers the exchange as HQ's dispatcher does, and answers with that number. */
const numbering: Dispatch = async (ex) => {
  ex.transIdH = 'UCRM-H1';
  return { head: responseHead(ex.head, ex.transIdH, '0000'), body: { ServiceNumber: '13051000001', HomeProvince: '51' } };
};

function endpoint(opts: Partial<EndpointOptions> = {}) {
  const records: ExchangeRecord[] = [];
  let dispatched = 0;
  const dispatch = opts.dispatch ?? numbering;
  const ep = new SoapEndpoint({ contract, observe: (r) => records.push(r), ...opts, dispatch: (ex) => (dispatched++, dispatch(ex)) });
  const send = async (xml = ENVELOPE) => {
    const x = ep.exchange('text/xml; charset=utf-8', '""');
    x.bytes = Buffer.from(xml);
    const reply = await ep.run(x);
    expect(records, 'one record per exchange').to.have.length(1);
    return { reply, record: records.pop()!, dispatched };
  };
  return { ep, send };
}

describe('SOAP pipeline: named stages and hooks', () => {
  it("runs each stage's hooks once, after the stage, in the order of STAGES", async () => {
    const seen: StageName[] = [];
    const { ep, send } = endpoint();
    for (const stage of [...STAGES].reverse()) ep.hook(stage, () => void seen.push(stage));
    const { reply } = await send();
    expect(reply.status).to.equal(200);
    expect(seen).to.deep.equal([...STAGES]);
  });

  it('shows each hook what its stage found, and lets go of the tree once the body is valid', async () => {
    const { ep, send } = endpoint();
    const found: Record<string, unknown> = {};
    ep.hook('decodeCharset', (x) => void (found.text = x.requestXml.slice(0, 5)))
      .hook('parse', (x) => void (found.root = x.root.local))
      .hook('findOperation', (x) => void (found.operation = x.operation.name))
      .hook('validateHead', (x) => void (found.sender = x.head.MsgSender))
      .hook('validateBody', (x) => void (found.number = [x.body.ServiceNumber, x.envelope, x.root]))
      .hook('dispatch', (x) => void (found.rsp = x.answer.head.RspCode))
      .hook('record', (x) => void (found.recorded = x.record.rspCode));
    await send();
    expect(found).to.deep.equal({
      text: '<?xml',
      root: 'Envelope',
      operation: 'QueryRemoteAccount',
      sender: 'BILL36',
      number: ['13051000001', undefined, undefined],
      rsp: '0000',
      recorded: '0000',
    });
  });

  it('refuses the exchange with the fault a hook throws, before dispatching', async () => {
    const { ep, send } = endpoint();
    ep.hook('validateBody', () => {
      throw new SoapFaultError('AUTHENTICATION_FAILED', 'not today');
    });
    const { reply, record, dispatched } = await send();
    expect(dispatched).to.equal(0);
    expect(reply.status).to.equal(500);
    expect(reply.xml).to.contain('<v:RspCode>8001</v:RspCode>').and.contain('not today');
    expect(record.fault).to.deep.equal({ name: 'AUTHENTICATION_FAILED', reason: 'not today' });
  });

  it("authenticates with the endpoint's security as the first authenticate hook", async () => {
    const order: string[] = [];
    const security = { authenticate: () => void order.push('security') };
    const { ep, send } = endpoint({ security, hooks: { authenticate: [() => void order.push('given')] } });
    ep.hook('authenticate', () => void order.push('added'));
    await send();
    expect(order).to.deep.equal(['security', 'given', 'added']);
  });

  it('waits for a hook that returns a promise', async () => {
    const { ep, send } = endpoint();
    ep.hook('dispatch', () => new Promise((r) => setTimeout(r, 60)));
    const { record } = await send();
    expect(record.durationMs).to.be.at.least(55);
  });

  it('lets a record hook change the record the observer gets, and records one that fails', async () => {
    const { ep, send } = endpoint();
    ep.hook('record', (x) => void (x.record.serviceNumber = 'seen'));
    expect((await send()).record.serviceNumber).to.equal('seen');
    ep.hook('record', () => {
      throw new Error('hook broke');
    });
    const { record, reply } = await send();
    expect(reply.status).to.equal(200);
    expect(record.internalError).to.contain('hook broke');
  });
});

describe("SOAP pipeline: the exchange's TransIDH travels one way", () => {
  it('is what the dispatch put on the exchange: in the answer and in the record', async () => {
    const { reply, record } = await endpoint().send();
    expect(reply.xml).to.contain('<v:TransIDH>UCRM-H1</v:TransIDH>');
    expect(record.transIdH).to.equal('UCRM-H1');
  });

  it('is in the fault detail and the record when the dispatch fails after numbering the exchange', async () => {
    const { reply, record } = await endpoint({
      dispatch: async (ex) => {
        ex.transIdH = 'UCRM-H2';
        throw new SoapFaultError('STORE_UNAVAILABLE', 'down');
      },
    }).send();
    expect(reply.xml).to.contain('<v:TransIDH>UCRM-H2</v:TransIDH>');
    expect(record.transIdH).to.equal('UCRM-H2');
  });

  it('is not read back from an answer head: a dispatch that numbers nothing records none', async () => {
    const { record } = await endpoint({ dispatch: async (ex) => ({ head: responseHead(ex.head, 'ELSEWHERE', '0000'), body: {} }) }).send();
    expect(record.transIdH).to.equal(undefined);
  });
});
