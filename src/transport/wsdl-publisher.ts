/**
 * Serves an interface's WSDL with a soap:address the caller can reach (the configured
 * public URL, else the Host the request came to), and the shared XSDs it includes, at
 * URLs that resolve relative to the WSDL's own URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InterfaceContract } from '../contract/interface-contract';

const SOAP_ADDRESS = /(<[\w-]+:address\s+location=")[^"]*"/;

export class WsdlPublisher {
  private readonly schemas = new Map<string, string>();
  private readonly split = new Map<InterfaceContract, [string, string]>();

  constructor(wsdlDir: string) {
    const commonDir = join(wsdlDir, 'common');
    for (const file of readdirSync(commonDir).filter((f) => f.endsWith('.xsd'))) {
      this.schemas.set(file, readFileSync(join(commonDir, file), 'utf8'));
    }
  }

  /** The WSDL text with its soap:address set to `endpointUrl`. */
  wsdlFor(contract: InterfaceContract, endpointUrl: string): string {
    let parts = this.split.get(contract);
    if (!parts) {
      const m = SOAP_ADDRESS.exec(contract.wsdlText);
      if (!m) throw new Error(`${contract.fileName}: no soap:address to rewrite`);
      parts = [contract.wsdlText.slice(0, m.index + m[1].length), contract.wsdlText.slice(m.index + m[0].length - 1)];
      this.split.set(contract, parts);
    }
    return `${parts[0]}${escapeAttr(endpointUrl)}${parts[1]}`;
  }

  /** A shared schema by file name (vol10-header.xsd), or undefined. */
  schema(file: string): string | undefined {
    return this.schemas.get(file);
  }
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
