import { ReportTemplates } from '../templates/report-templates';
import { formatter } from './format';

describe('report formatting', () => {
  const templates = ReportTemplates.load();
  const en = formatter(templates.text('en'));
  const ko = formatter(templates.text('ko'));

  it('groups decimals without changing a digit', () => {
    expect(en.decimal('1234567.891')).toBe('1,234,567.891');
    expect(en.decimal('999999999999.99')).toBe('999,999,999,999.99');
    expect(en.decimal('-1000.50')).toBe('-1,000.50');
    expect(en.decimal('0.000')).toBe('0.000');
    expect(ko.decimal('1234567.891')).toBe('1,234,567.891');
    expect(en.decimal(null)).toBe('—');
    expect(en.integer(35040)).toBe('35,040');
  });

  it('writes dates and instants the language’s way', () => {
    expect(en.date('2025-12-31')).toBe('Dec 31, 2025');
    expect(ko.date('2025-12-31')).toBe('2025. 12. 31.');
    expect(en.instant('2026-01-02T03:04:05.000Z', 'Asia/Seoul')).toBe('Jan 2, 2026, 12:04');
    expect(ko.instant('2026-01-02T03:04:05.000Z', 'Asia/Seoul')).toMatch(/^2026\. 1\. 2\. 12:04$/);
  });

  it('fills sentences and says yes or no in the language', () => {
    expect(en.fill('Page {page} of {pages}', { page: 2, pages: 9 })).toBe('Page 2 of 9');
    expect(ko.fill(ko.text.sentences.pageOf, { page: 2, pages: 9 })).toBe('9쪽 중 2쪽');
    expect([en.yesNo(true), ko.yesNo(false), en.yesNo(null)]).toEqual(['Yes', '아니오', '—']);
  });
});
