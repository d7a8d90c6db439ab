'use strict';
/**
 * Baseline: a plain node-soap server (the `soap` package) for wsdl/4.2.2-account-query.wsdl
 * with a trivial QueryAccount handler returning a fixed answer. node-soap does no schema
 * validation of the request.
 */
const { createServer } = require('node:http');
const fs = require('node:fs');
const path = require('node:path');
const soap = require('soap');

const wsdlPath = path.resolve(__dirname, '../../wsdl/4.2.2-account-query.wsdl');
const answer = {
  ServiceNumber: '13051000001',
  AccountInfo: {
    CustName: '吴杰平',
    AccountId: '511125477690',
    Balance: 45188,
    Arrears: 0,
    CurrentCharges: 8711,
    CreditLimit: 10000,
    UserStatus: '0',
  },
  BillCycle: '202609',
  BillItem: [
    { ItemCode: '1001', ItemName: '月租费', Amount: 5800 },
    { ItemCode: '2001', ItemName: '国内通话费', Amount: 5791 },
    { ItemCode: '3001', ItemName: '短信费', Amount: 1223 },
    { ItemCode: '5001', ItemName: '增值业务费', Amount: 1212 },
  ],
};
const service = {
  AccountQueryService: {
    AccountQueryPort: {
      QueryAccount: () => answer,
    },
  },
};

const server = createServer((req, res) => {
  res.statusCode = 404;
  res.end();
});
// Listen only once node-soap has loaded the WSDL (and its include): the bench waits for the port.
soap.listen(server, {
  path: '/province/51/4.2.2',
  services: service,
  xml: fs.readFileSync(wsdlPath, 'utf8'),
  uri: wsdlPath, // lets node-soap resolve the WSDL's xs:include of common/vol10-header.xsd from file
  callback: (err) => {
    if (err) throw err;
    server.listen(Number(process.env.PORT), '127.0.0.1');
  },
});
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
