import { expect } from 'chai';
import { SoapFaultError } from '../../contract/faults';
import { parseXml } from '../../xml/xml-tree';
import { BASE64_BINARY, findUsernameToken, isSecurityHeader, PASSWORD_DIGEST, PASSWORD_TEXT, WSSE_NS, WSU_NS } from './username-token';

const S11 = 'http://schemas.xmlsoap.org/soap/envelope/';

function headerBlocks(securityXml: string) {
  const envelope = parseXml(`<s:Envelope xmlns:s="${S11}"><s:Header>${securityXml}<x:Other xmlns:x="urn:x"/></s:Header><s:Body/></s:Envelope>`);
  return envelope.children[0].children;
}

const security = (token: string) => `<wsse:Security xmlns:wsse="${WSSE_NS}" xmlns:wsu="${WSU_NS}">${token}</wsse:Security>`;
const token = (inner: string) => security(`<wsse:UsernameToken>${inner}</wsse:UsernameToken>`);

function refusal(xml: string): string {
  try {
    findUsernameToken(headerBlocks(xml));
  } catch (error) {
    expect(error).to.be.instanceOf(SoapFaultError);
    expect((error as SoapFaultError).rspCode).to.equal('8001');
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('UsernameToken parsing', () => {
  it('reads a digest token whatever prefixes the sender chose', () => {
    const xml =
      `<a:Security xmlns:a="${WSSE_NS}"><a:UsernameToken><a:Username>BILL51</a:Username>` +
      `<a:Password Type="${PASSWORD_DIGEST}">ZGln</a:Password><a:Nonce EncodingType="${BASE64_BINARY}">bm9uY2U=</a:Nonce>` +
      `<b:Created xmlns:b="${WSU_NS}">2026-11-20T02:30:00Z</b:Created></a:UsernameToken></a:Security>`;
    expect(findUsernameToken(headerBlocks(xml))).to.deep.equal({
      username: 'BILL51',
      password: 'ZGln',
      passwordType: 'PasswordDigest',
      nonce: 'bm9uY2U=',
      created: '2026-11-20T02:30:00Z',
    });
  });

  it("takes a Password without Type as PasswordText (the profile's default), Nonce and Created optional", () => {
    const parsed = findUsernameToken(headerBlocks(token('<wsse:Username>BILL51</wsse:Username><wsse:Password>pw</wsse:Password>')));
    expect(parsed).to.deep.equal({ username: 'BILL51', password: 'pw', passwordType: 'PasswordText', nonce: undefined, created: undefined });
    const typed = findUsernameToken(headerBlocks(token(`<wsse:Username>u</wsse:Username><wsse:Password Type="${PASSWORD_TEXT}">pw</wsse:Password>`)));
    expect(typed!.passwordType).to.equal('PasswordText');
  });

  it('finds no token when there is no Security header, or one without a UsernameToken', () => {
    expect(findUsernameToken(headerBlocks(''))).to.equal(undefined);
    expect(findUsernameToken(headerBlocks(security('<wsu:Timestamp><wsu:Created>2026-11-20T02:30:00Z</wsu:Created></wsu:Timestamp>')))).to.equal(undefined);
  });

  it('recognises the Security header by namespace and name', () => {
    const [sec, other] = headerBlocks(security(''));
    expect(isSecurityHeader(sec)).to.equal(true);
    expect(isSecurityHeader(other)).to.equal(false);
  });

  const cases: Array<[string, string, string]> = [
    ['two Security headers', security('') + security(''), 'more than one wsse:Security'],
    ['two tokens', security('<wsse:UsernameToken/><wsse:UsernameToken/>'), 'more than one wsse:UsernameToken'],
    ['no Username', token('<wsse:Password>pw</wsse:Password>'), 'no wsse:Username'],
    ['an empty Username', token('<wsse:Username/><wsse:Password>pw</wsse:Password>'), 'wsse:Username is empty'],
    ['no Password', token('<wsse:Username>u</wsse:Username>'), 'no wsse:Password'],
    ['two Passwords', token('<wsse:Username>u</wsse:Username><wsse:Password>a</wsse:Password><wsse:Password>b</wsse:Password>'), 'more than one wsse:Password'],
    [
      'an unknown Password Type',
      token('<wsse:Username>u</wsse:Username><wsse:Password Type="urn:x#Hash">pw</wsse:Password>'),
      'unsupported wsse:Password Type',
    ],
    [
      'a Nonce that is not base64',
      token('<wsse:Username>u</wsse:Username><wsse:Password>pw</wsse:Password><wsse:Nonce>not base64!</wsse:Nonce>'),
      'not base64',
    ],
    [
      'a hex Nonce',
      token('<wsse:Username>u</wsse:Username><wsse:Password>pw</wsse:Password><wsse:Nonce EncodingType="urn:x#HexBinary">00</wsse:Nonce>'),
      'EncodingType',
    ],
  ];
  for (const [what, xml, words] of cases) {
    it(`refuses ${what} (8001)`, () => {
      expect(refusal(xml)).to.contain(words);
    });
  }
});
