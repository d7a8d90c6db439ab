/**
 * GET /soapui-project.xml on the gateway: the SoapUI project for this deployment, its P→H
 * endpoints at the URL the project was fetched from (or PUBLIC_URL), its H→P endpoints at the
 * province `?province=` names (default 51) as the gateway's province registry knows it.
 */
import { Request, Response } from 'express';
import { ContractCatalogue } from '../contract/catalogue';
import { buildSoapuiProject } from './soapui-project';

export interface SoapuiRouteOptions {
  contracts: ContractCatalogue;
  /** A province's H→P base URL, or undefined for a code the registry does not know. */
  provinceBaseUrl: (code: string) => string | undefined;
  publicUrl?: string;
}

export function soapuiProjectRoute(opts: SoapuiRouteOptions): (req: Request, res: Response) => void {
  return (req, res) => {
    const province = typeof req.query.province === 'string' ? req.query.province : '51';
    const provinceBaseUrl = opts.provinceBaseUrl(province);
    if (!provinceBaseUrl) {
      res.status(400).json({ error: 'unknown-province', message: `no province ${province} in the registry`, field: 'province', in: 'query' });
      return;
    }
    const gatewayUrl = opts.publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
    const xml = buildSoapuiProject({ contracts: opts.contracts, gatewayUrl, provinceBaseUrl });
    res.type('application/xml; charset=utf-8').attachment('ucrm-vol10-soapui-project.xml').send(xml);
  };
}
