'use strict';
/**
 * The mock provincial billing systems (dist/mocks/province-billing/server.js) alone in a
 * process, on PORT (127.0.0.1). Exchange records are not observed (the mocks' default).
 * Run `npx tsc -p .` first.
 */
const { createServer } = require('node:http');
const path = require('node:path');
const dist = path.resolve(__dirname, '../../dist');
const { ContractCatalogue } = require(`${dist}/src/contract/catalogue.js`);
const { NumberSegmentTable } = require(`${dist}/src/domain/number-segments.js`);
const { createMockProvinces } = require(`${dist}/mocks/province-billing/server.js`);

const mocks = createMockProvinces({ contracts: ContractCatalogue.load(), segments: NumberSegmentTable.fromCsvFile() });
const server = createServer(mocks.app);
server.listen(Number(process.env.PORT), '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
