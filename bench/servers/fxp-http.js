'use strict';
/**
 * Baseline (the third reference): express-less node:http + fast-xml-parser, no
 * schema validation, answering QueryAccount with a string-template response that echoes
 * the request head's ids and the ServiceNumber.
 */
const { createServer } = require('node:http');
const { XMLParser } = require('fast-xml-parser');

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false });
const esc = (s) => String(s).replace(/[<>&]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;' })[c]);
const answer = (h, b) => `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:tns="http://ucrm.chinaunicom.cn/vol10"><soapenv:Header><tns:UniBSSHead><tns:OrigDomain>PBSS</tns:OrigDomain><tns:HomeDomain>UCRM</tns:HomeDomain><tns:BIPCode>${esc(h.BIPCode)}</tns:BIPCode><tns:BIPVer>0100</tns:BIPVer><tns:ActivityCode>${esc(h.ActivityCode)}</tns:ActivityCode><tns:ActionCode>1</tns:ActionCode><tns:RouteType>${esc(h.RouteType)}</tns:RouteType><tns:RouteValue>${esc(h.RouteValue)}</tns:RouteValue><tns:ProcID>${esc(h.ProcID)}</tns:ProcID><tns:TransIDO>${esc(h.TransIDO)}</tns:TransIDO><tns:TransIDH>${esc(h.TransIDH)}</tns:TransIDH><tns:ProcessTime>20261122124115</tns:ProcessTime><tns:TestFlag>${esc(h.TestFlag)}</tns:TestFlag><tns:MsgSender>${esc(h.MsgReceiver)}</tns:MsgSender><tns:MsgReceiver>UCRM</tns:MsgReceiver><tns:RspType>0</tns:RspType><tns:RspCode>0000</tns:RspCode><tns:RspDesc>success</tns:RspDesc></tns:UniBSSHead></soapenv:Header><soapenv:Body><tns:QueryAccountRsp><tns:ServiceNumber>${esc(b.ServiceNumber)}</tns:ServiceNumber><tns:AccountInfo><tns:CustName>吴杰平</tns:CustName><tns:AccountId>511125477690</tns:AccountId><tns:Balance>45188</tns:Balance><tns:Arrears>0</tns:Arrears><tns:CurrentCharges>8711</tns:CurrentCharges><tns:CreditLimit>10000</tns:CreditLimit><tns:UserStatus>0</tns:UserStatus></tns:AccountInfo><tns:BillCycle>${esc(b.BillCycle)}</tns:BillCycle><tns:BillItem><tns:ItemCode>1001</tns:ItemCode><tns:ItemName>月租费</tns:ItemName><tns:Amount>5800</tns:Amount></tns:BillItem><tns:BillItem><tns:ItemCode>2001</tns:ItemCode><tns:ItemName>国内通话费</tns:ItemName><tns:Amount>5791</tns:Amount></tns:BillItem><tns:BillItem><tns:ItemCode>3001</tns:ItemCode><tns:ItemName>短信费</tns:ItemName><tns:Amount>1223</tns:Amount></tns:BillItem><tns:BillItem><tns:ItemCode>5001</tns:ItemCode><tns:ItemName>增值业务费</tns:ItemName><tns:Amount>1212</tns:Amount></tns:BillItem></tns:QueryAccountRsp></soapenv:Body></soapenv:Envelope>`;

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let out;
    let status = 200;
    try {
      const env = parser.parse(Buffer.concat(chunks).toString('utf8')).Envelope;
      out = answer(env.Header.UniBSSHead, env.Body.QueryAccountReq);
    } catch {
      status = 500;
      out =
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Client</faultcode><faultstring>bad request</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>';
    }
    const body = Buffer.from(out);
    res.writeHead(status, { 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
