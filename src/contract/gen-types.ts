/**
 * `npm run gen:types`: writes src/contract/generated/bodies.ts from wsdl/. Run from the
 * repository root. It is compiled on its own (see package.json), so it runs even when the
 * rest of the code no longer compiles against a stale bodies.ts — the usual reason to run it.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { GENERATED_PATH, renderBodyTypes } from './body-types';
import { ContractCatalogue } from './catalogue';

const root = process.cwd();
const target = resolve(root, GENERATED_PATH);
writeFileSync(target, renderBodyTypes(ContractCatalogue.load(resolve(root, 'wsdl'))));
console.log(`wrote ${target}`);
