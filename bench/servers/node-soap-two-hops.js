'use strict';
/**
 * Baseline: the two hops as a team would build them with node-soap (the `soap` package)
 * instead of this gateway: a node-soap server for wsdl/4.2.1-remote-account-query.wsdl whose
 * QueryRemoteAccount handler calls the home province's 4.2.2 (the mock provinces at UPSTREAM)
 * with a node-soap client made once from wsdl/4.2.2-account-query.wsdl, and answers with what
 * the province gave. Generous to node-soap: no schema validation (node-soap does none), no
 * journal, no log, no metrics; the client keeps its connections alive; the answer's head is
 * the request's with RspCode 0000 (node-soap makes response headers before the handler runs).
 */
const { createServer, Agent } = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const soap = require('soap');
const axios = require('axios');

const NS = 'http://ucrm.chinaunicom.cn/vol10';
const wsdl = (name) => path.resolve(__dirname, '../../wsdl', name);
const HEAD_FIELDS = ['OrigDomain', 'HomeDomain', 'BIPCode', 'BIPVer', 'ActivityCode', 'ActionCode', 'RouteType', 'RouteValue', 'ProcID', 'TransIDO'];
let serial = 0;
const nextTransIdH = () => `UCRM${cst()}98${String(++serial % 1e6).padStart(6, '0')}`;
const cst = () => new Date(Date.now() + 8 * 3600 * 1000).toISOString().replace(/\D/g, '').slice(0, 14);

async function main() {
  const request = axios.create({ httpAgent: new Agent({ keepAlive: true, maxSockets: 16, noDelay: true }) });
  const province = await soap.createClientAsync(wsdl('4.2.2-account-query.wsdl'), { request, endpoint: `${process.env.UPSTREAM}/province/51/4.2.2` });

  const service = {
    RemoteAccountQueryService: {
      RemoteAccountQueryPort: {
        QueryRemoteAccount: async (args, _callback, headers) => {
          const head = headers.UniBSSHead;
          const hqHead = {
            OrigDomain: 'UCRM',
            HomeDomain: 'PBSS',
            BIPCode: 'BIP1004',
            BIPVer: '0100',
            ActivityCode: 'T100422',
            ActionCode: '0',
            RouteType: '00',
            RouteValue: '51',
            ProcID: head.ProcID,
            TransIDO: head.TransIDO,
            TransIDH: nextTransIdH(),
            ProcessTime: cst(),
            TestFlag: head.TestFlag,
            MsgSender: 'UCRM',
            MsgReceiver: 'BILL51',
          };
          // Soap headers are the client's, not the call's: set and sent in one synchronous step.
          province.clearSoapHeaders();
          province.addSoapHeader({ UniBSSHead: hqHead }, '', 'tns', NS);
          const [answer] = await province.QueryAccountAsync({
            ServiceNumber: args.ServiceNumber,
            CollectProvince: args.CollectProvince,
            BillCycle: args.BillCycle,
          });
          return {
            ServiceNumber: args.ServiceNumber,
            HomeProvince: '51',
            AccountInfo: answer.AccountInfo,
            BillCycle: answer.BillCycle,
            BillItem: answer.BillItem,
          };
        },
      },
    },
  };

  const server = createServer((req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const wsdlPath = wsdl('4.2.1-remote-account-query.wsdl');
  const soapServer = soap.listen(server, {
    path: '/ucrm/4.2.1',
    services: service,
    xml: fs.readFileSync(wsdlPath, 'utf8'),
    uri: wsdlPath,
    callback: (err) => {
      if (err) throw err;
      server.listen(Number(process.env.PORT), '127.0.0.1');
    },
  });
  // The answer's head: the request's, HQ's TransIDH, RspCode 0000, in the schema's order.
  soapServer.addSoapHeader((_method, _args, headers) => {
    const head = headers?.UniBSSHead ?? {};
    const fields = HEAD_FIELDS.map((f) => (head[f] === undefined ? '' : `<tns:${f}>${head[f]}</tns:${f}>`)).join('');
    const transIdH = nextTransIdH();
    return (
      `<tns:UniBSSHead xmlns:tns="${NS}">${fields}<tns:TransIDH>${transIdH}</tns:TransIDH><tns:ProcessTime>${cst()}</tns:ProcessTime>` +
      `<tns:TestFlag>${head.TestFlag ?? '0'}</tns:TestFlag><tns:MsgSender>UCRM</tns:MsgSender><tns:MsgReceiver>${head.MsgSender ?? ''}</tns:MsgReceiver>` +
      `<tns:RspType>0</tns:RspType><tns:RspCode>0000</tns:RspCode><tns:RspDesc>ok</tns:RspDesc></tns:UniBSSHead>`
    );
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
