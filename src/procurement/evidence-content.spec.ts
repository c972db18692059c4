import {
  attachmentDisposition,
  checkEvidenceContent,
  downloadContentType,
  evidenceFilename,
  XLSX_TYPE,
} from './evidence-content';

const PDF = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n');
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]);
const ZIP = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0]);

describe('evidence files (domain §5)', () => {
  it.each([
    ['application/pdf', PDF],
    ['Application/PDF; name=x.pdf', PDF],
    ['image/png', PNG],
    ['image/jpeg', JPEG],
    [XLSX_TYPE, ZIP],
    ['text/csv', Buffer.from('serial,volume\nGO-1,1\n')],
    ['text/plain; charset=utf-8', Buffer.from('Retirement statement – 발급 확인\n')],
  ])('accepts %s whose content agrees', (type, content) =>
    expect(checkEvidenceContent(type, content)).toEqual({
      ok: true,
      contentType: type.split(';')[0].toLowerCase(),
    }),
  );

  it.each([
    ['text/html', Buffer.from('<html>')],
    ['application/zip', ZIP],
    ['', PDF],
  ])('refuses the type %j', (type, content) =>
    expect(checkEvidenceContent(type, content)).toMatchObject({ ok: false, code: 'UNSUPPORTED_MEDIA_TYPE' }),
  );

  it.each([
    ['application/pdf', PNG],
    ['application/pdf', Buffer.from('%PD')],
    ['image/png', JPEG],
    ['image/jpeg', Buffer.from([0xff, 0xd8])],
    [XLSX_TYPE, PDF],
    ['text/csv', Buffer.from([0x61, 0x00, 0x62])],
    ['text/plain', Buffer.from([0xc3, 0x28])],
    ['text/plain', PDF],
  ])('refuses %s whose content is something else', (type, content) =>
    expect(checkEvidenceContent(type, content)).toMatchObject({ ok: false, code: 'CONTENT_TYPE_MISMATCH' }),
  );

  it('keeps the last segment of a file name, without control characters', () => {
    expect(evidenceFilename('C:\\Users\\me\\GO statement.pdf')).toBe('GO statement.pdf');
    expect(evidenceFilename('../../etc/passwd')).toBe('passwd');
    expect(evidenceFilename('a\r\nb.pdf')).toBe('ab.pdf');
    expect(evidenceFilename(' / ')).toBe('evidence');
    expect(evidenceFilename(undefined)).toBe('evidence');
    expect([...evidenceFilename('가'.repeat(300))]).toHaveLength(255);
  });

  it('quotes a download name safely, with the exact name in UTF-8', () => {
    expect(attachmentDisposition('statement.pdf')).toBe(
      `attachment; filename="statement.pdf"; filename*=UTF-8''statement.pdf`,
    );
    expect(attachmentDisposition('a "b"\\c.pdf')).toBe(
      `attachment; filename="a _b__c.pdf"; filename*=UTF-8''a%20%22b%22%5Cc.pdf`,
    );
    expect(attachmentDisposition('발급(1).pdf')).toBe(
      `attachment; filename="__(1).pdf"; filename*=UTF-8''%EB%B0%9C%EA%B8%89%281%29.pdf`,
    );
  });

  it('sends text with its charset', () => {
    expect(downloadContentType('text/csv')).toBe('text/csv; charset=utf-8');
    expect(downloadContentType('application/pdf')).toBe('application/pdf');
  });
});
