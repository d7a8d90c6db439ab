import { expect } from 'chai';
import iconv from 'iconv-lite';
import { SoapFaultError } from '../contract/faults';
import { contentTypeCharset, declaredXmlEncoding, decodeStrictly, messageCharset, UTF8 } from './charset';

const xml = (encoding?: string, text = '月租费') => `<?xml version="1.0"${encoding ? ` encoding="${encoding}"` : ''}?><a>${text}</a>`;

function fault(run: () => unknown): SoapFaultError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(SoapFaultError);
    return error as SoapFaultError;
  }
  throw new Error('expected a fault');
}

describe('charsets of requests and answers', () => {
  describe('which charset a message is in', () => {
    it('reads the Content-Type charset, quoted or not, in any case', () => {
      expect(contentTypeCharset('text/xml; charset=GBK')).to.equal('GBK');
      expect(contentTypeCharset('application/soap+xml;charset="gb18030";action="urn:x"')).to.equal('gb18030');
      expect(contentTypeCharset('text/xml')).to.equal(undefined);
    });

    it("reads the XML declaration's encoding, after a byte order mark too", () => {
      expect(declaredXmlEncoding(Buffer.from(xml('GB18030')))).to.equal('GB18030');
      expect(declaredXmlEncoding(Buffer.from(`\uFEFF${xml('gbk').replace(/"/g, "'")}`))).to.equal('gbk');
      expect(declaredXmlEncoding(Buffer.from(xml()))).to.equal(undefined);
      expect(declaredXmlEncoding(Buffer.from('<a/>'))).to.equal(undefined);
    });

    it('lets the Content-Type win over the declaration, and falls back to UTF-8', () => {
      expect(messageCharset(Buffer.from(xml('UTF-8')), 'text/xml; charset=gbk').name).to.equal('GBK');
      expect(messageCharset(Buffer.from(xml('GBK')), 'text/xml').name).to.equal('GBK');
      expect(messageCharset(Buffer.from(xml()), 'text/xml').name).to.equal('UTF-8');
      expect(messageCharset(Buffer.from(xml()), undefined)).to.equal(UTF8);
    });

    it('reads GB2312 and CP936 labels as GBK, their superset', () => {
      expect(messageCharset(Buffer.from(xml()), 'text/xml; charset=GB2312').name).to.equal('GBK');
      expect(messageCharset(Buffer.from(xml('cp936')), undefined).name).to.equal('GBK');
    });

    it('refuses a charset it does not speak with a 9001 Client fault naming it and where it came from', () => {
      const f = fault(() => messageCharset(Buffer.from(xml()), 'text/xml; charset=ISO-8859-1'));
      expect(f.fault).to.equal('UNSUPPORTED_CHARSET');
      expect(f.side).to.equal('Client');
      expect(f.rspCode).to.equal('9001');
      expect(f.message).to.contain('"ISO-8859-1" (from the Content-Type)').and.contain('UTF-8, GBK or GB18030');
      expect(fault(() => messageCharset(Buffer.from(xml('Big5')), 'text/xml')).message).to.contain('"Big5" (from the XML declaration)');
      expect(fault(() => messageCharset(Buffer.from([0xff, 0xfe, 0x3c, 0]), 'text/xml')).message).to.contain('UTF-16');
    });
  });

  describe('decoding, strictly', () => {
    const gbk = messageCharset(Buffer.alloc(0), 'text/xml; charset=GBK');
    const gb18030 = messageCharset(Buffer.alloc(0), 'text/xml; charset=GB18030');

    it('decodes GBK and GB18030 Chinese text', () => {
      expect(decodeStrictly(iconv.encode(xml('GBK', '张三 月租费'), 'gbk'), gbk)).to.equal(xml('GBK', '张三 月租费'));
      expect(decodeStrictly(iconv.encode(xml('GB18030', '𠀀 € 月'), 'gb18030'), gb18030)).to.equal(xml('GB18030', '𠀀 € 月'));
    });

    it('refuses invalid bytes with their offset instead of writing U+FFFD', () => {
      const good = iconv.encode('<a>月', 'gbk');
      const bad = Buffer.concat([good, Buffer.from([0x81, 0x20]), Buffer.from('</a>')]);
      const f = fault(() => decodeStrictly(bad, gbk));
      expect(f.fault).to.equal('BAD_CHARSET');
      expect(f.rspCode).to.equal('9001');
      expect(f.message).to.equal(`the request body is not valid GBK: invalid byte sequence at byte offset ${good.length}`);
      expect(fault(() => decodeStrictly(Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x30, 0xff, 0x30]), gb18030)).message)
        .to.contain('GB18030')
        .and.contain('offset 3');
      expect(fault(() => decodeStrictly(Buffer.from([0x3c, 0x61, 0x3e, 0xc3, 0x28]), UTF8)).message)
        .to.contain('not valid UTF-8')
        .and.contain('offset 3');
      expect(fault(() => decodeStrictly(Buffer.from([0x3c, 0x61, 0x3e, 0xe6, 0x9c]), UTF8)).message).to.contain('offset 3'); // cut off at the end
    });

    it('keeps a U+FFFD the sender really sent', () => {
      expect(decodeStrictly(Buffer.from('<a>\uFFFD</a>'), UTF8)).to.equal('<a>\uFFFD</a>');
      expect(decodeStrictly(iconv.encode('<a>\uFFFD</a>', 'gb18030'), gb18030)).to.equal('<a>\uFFFD</a>');
    });

    it('drops a byte order mark', () => {
      expect(decodeStrictly(Buffer.from('\uFEFF<a/>'), UTF8)).to.equal('<a/>');
    });
  });

  describe('encoding answers', () => {
    it('writes GBK and GB18030 bytes', () => {
      const gbk = messageCharset(Buffer.alloc(0), 'text/xml; charset=gbk');
      expect(gbk.encode('<a>月租费</a>').equals(iconv.encode('<a>月租费</a>', 'gbk'))).to.equal(true);
      const gb18030 = messageCharset(Buffer.alloc(0), 'text/xml; charset=gb18030');
      expect(iconv.decode(gb18030.encode('<a>𠀀</a>'), 'gb18030')).to.equal('<a>𠀀</a>');
    });

    it('writes what GBK lacks as XML character references rather than "?"', () => {
      const gbk = messageCharset(Buffer.alloc(0), 'text/xml; charset=gbk');
      expect(iconv.decode(gbk.encode('<a>张𠀀😀</a>'), 'gbk')).to.equal('<a>张&#x20000;&#x1F600;</a>');
    });
  });
});
