import { expect } from 'chai';
import { redactSecrets } from './redaction';

describe('redaction of secrets for the journal', () => {
  it('blanks Password and Nonce text whatever the prefix, keeping the rest', () => {
    const xml =
      '<wsse:UsernameToken><wsse:Username>BILL51</wsse:Username><wsse:Password Type="urn:x#PasswordText">s3cret</wsse:Password>' +
      '<wsse:Nonce EncodingType="urn:x#Base64Binary">bm9uY2U=</wsse:Nonce><Password>plain</Password></wsse:UsernameToken>';
    const out = redactSecrets(xml);
    expect(out).not.to.match(/s3cret|bm9uY2U=|plain/);
    expect(out).to.contain('<wsse:Username>BILL51</wsse:Username>');
    expect(out).to.contain('<wsse:Password Type="urn:x#PasswordText">***</wsse:Password>');
    expect(out).to.contain('<Password>***</Password>');
  });

  it('covers CDATA and elements broken off by a malformed request', () => {
    expect(redactSecrets('<w:Password><![CDATA[a<b]]></w:Password>')).to.equal('<w:Password>***</w:Password>');
    expect(redactSecrets('<w:Password>s3cret')).to.equal('<w:Password>***');
    expect(redactSecrets('<w:Password><![CDATA[s3cret')).to.equal('<w:Password>***');
  });

  it('leaves other elements and documents without secrets alone', () => {
    const xml = '<v:PasswordHint>x</v:PasswordHint><v:Nonces/><w:Password/>';
    expect(redactSecrets(xml)).to.equal(xml);
    expect(redactSecrets('<a>b</a>')).to.equal('<a>b</a>');
  });
});
