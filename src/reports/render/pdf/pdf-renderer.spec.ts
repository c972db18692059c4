import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { ReportModel } from '../../model/report-model';
import { ReportTemplates } from '../../templates/report-templates';
import { formatter } from '../format';
import { pdfRenderer, renderPdf } from './pdf-renderer';
import { PdfRead, readPdf } from '../../../../test/support/documents';
import { syntheticModel, withNamesInManyScripts } from '../../../../test/support/synthetic-report-model';

const ROOT = path.join(__dirname, '../../../..');
const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures', name), 'utf8')) as ReportModel;

/** Text compared without whitespace: lines wrap, and PDF.js joins font runs and lines its own way. */
const squeeze = (text: string) => text.replace(/\s+/g, '');
const allText = (read: PdfRead) => squeeze(Object.values(read.pages).join('\n'));

describe('PDF report renderer', () => {
  const templates = ReportTemplates.load();
  const en = templates.text('en');
  const ko = templates.text('ko');
  const fen = formatter(en);
  const demo = fixture('report-model.json');
  const multiscript = withNamesInManyScripts(fixture('report-model.json'));

  let demoPdf: Buffer;
  let demoRead: PdfRead;
  beforeAll(async () => {
    demoPdf = await renderPdf(demo, en);
    demoRead = await readPdf(demoPdf);
  });

  it('is a PDF with the figures of the model, formatted and not recomputed', () => {
    const text = allText(demoRead);
    const s = demo.content.summary;
    expect(demoPdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toContain(squeeze(`${s.rePercent} %`));
    for (const market of demo.content.re100.markets) expect(text).toContain(squeeze(`${market.rePercent} %`));
    expect(text).toContain(squeeze(`${fen.decimal(s.scope2.locationBasedTCo2e)} t CO2e`));
    expect(text).toContain(squeeze(`${fen.decimal(s.scope2.marketBasedTCo2e)} t CO2e`));
    const totals = demo.content.cdp.tables.filter((t) => t.totals);
    expect(totals.length).toBeGreaterThan(2);
    for (const table of totals)
      for (const value of Object.values(table.totals!)) expect(text).toContain(fen.decimal(value));
    expect(text).toContain(squeeze(en.sections.claims));
    for (const claim of demo.content.claims) {
      expect(text).toContain(claim.claimId);
      expect(text).toContain(squeeze(en.statuses[claim.status]));
    }
    for (const check of demo.content.checks) expect(text).toContain(squeeze(en.checks[check.id]));
  });

  it('puts the report id, the hash and "page X of Y" on every page', () => {
    const footer = squeeze(
      fen.fill(en.sentences.footer, { reportId: '—', hash: demo.modelHash.slice(0, 12) }),
    );
    const count = demoRead.pageCount;
    expect(count).toBeGreaterThan(8);
    for (let page = 1; page <= count; page++) {
      const text = squeeze(demoRead.pages[page]);
      expect(text).toContain(footer);
      expect(text).toContain(squeeze(fen.fill(en.sentences.pageOf, { page, pages: count })));
    }
  });

  it('has a bookmark for each section, in order', () => {
    const titles = demoRead.outline.map((o) => o.title);
    expect(titles).toEqual(
      ['cover', 'summary', 'cdp', 're100', 'claims', 'dataQuality', 'methodology', 'checks'].map(
        (key) => en.sections[key],
      ),
    );
    const pages = demoRead.outline.map((o) => o.page!);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
  });

  it('gives the same bytes for the same model', async () => {
    const again = await renderPdf(demo, en);
    expect(again.equals(demoPdf)).toBe(true);
    // The document's dates are the model's as-of time, not the clock.
    const asOf = `D:${demo.asOf.replace(/[-:T]/g, '').slice(0, 14)}Z`;
    expect(demoRead.info).toMatchObject({ CreationDate: asOf, ModDate: asOf });
  });

  it('writes the same file through the ReportRenderer interface', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk);
        done();
      },
    });
    await pdfRenderer.render(demo, en, out);
    expect(Buffer.concat(chunks).equals(demoPdf)).toBe(true);
    expect([pdfRenderer.fileName, pdfRenderer.contentType]).toEqual(['report.pdf', 'application/pdf']);
  });

  it('writes Korean headings, CDP titles in English with the gloss, and names in any script', async () => {
    const read = await readPdf(await renderPdf({ ...multiscript, language: 'ko' }, ko));
    const text = allText(read);
    for (const key of ['summary', 'cdp', 'claims', 'dataQuality', 'methodology', 'checks'])
      expect(text).toContain(squeeze(ko.sections[key]));
    for (const table of multiscript.content.cdp.tables) {
      expect(text).toContain(squeeze(table.title));
      expect(text).toContain(squeeze(ko.cdpGloss[table.id]));
    }
    const names = [
      '영암 풍력발전단지',
      '北海道石狩洋上風力',
      '東京本社ビル（品川）',
      '上海研发中心',
      'Dresdner Modulwerk Süd – Straße 7',
      'Nordsee Ost Windpark Übertragung',
      '한국전력공사 / 東京電力 / Stadtwerke München',
    ];
    for (const name of names) expect(text).toContain(squeeze(name));
    expect(text).toContain(squeeze(ko.statuses.INELIGIBLE));
    expect(text).toContain(squeeze(ko.sentences.cdpLabelsEnglish));
  });

  it('says there is no data, marks an incomplete Scope 2 figure and a failed check', async () => {
    const model = structuredClone(demo);
    model.content.dataStatus = 'NO_DATA';
    model.content.summary = {
      ...model.content.summary,
      rePercent: null,
      status: 'NO_DATA',
      scope2: { ...model.content.summary.scope2, marketBasedComplete: false },
    };
    model.content.claims = [];
    model.content.checks[0].passed = false;
    const text = allText(await readPdf(await renderPdf(model, en)));
    expect(text).toContain(squeeze(en.statuses.failed));
    expect(text).toContain(squeeze(en.sentences.noData));
    expect(text).toContain(squeeze(en.statuses.NO_DATA));
    expect(text).toContain(squeeze(en.sentences.noClaims));
    expect(text).toContain(squeeze(`(${en.labels.incomplete})`));
    expect(text).toContain(squeeze(en.sentences.scope2Incomplete));
  });

  it('shows a restatement with what changed', async () => {
    const model = structuredClone(demo);
    model.status = 'restated';
    model.restatement = {
      finalizedReportId: 'report-finalized-1',
      finalizedModelHash: 'f'.repeat(64),
      reopenedAt: '2026-03-01T09:00:00.000Z',
      reason: 'Late certificates',
      changes: [
        { path: 'summary.recognisedMwh', finalized: '1800.000', now: '1890.421', difference: '90.421' },
      ],
    };
    const read = await readPdf(await renderPdf(model, en));
    const text = allText(read);
    expect(read.outline.map((o) => o.title)).toContain(en.sections.restatement);
    for (const shown of [
      en.sentences.restated,
      'report-finalized-1',
      'Late certificates',
      '1,800.000',
      '90.421',
    ])
      expect(text).toContain(squeeze(shown));
  });

  it('continues a register of 5,000 claims and 1,000 sites over pages, repeating the header', async () => {
    const pdf = await renderPdf(syntheticModel(demo, { sites: 1000, metersPerSite: 2, claims: 5000 }), en);
    const { outline, pageCount } = await readPdf(pdf, [1]);
    const claims = outline.find((o) => o.title === en.sections.claims)!.page!;
    const quality = outline.find((o) => o.title === en.sections.dataQuality)!.page!;
    expect(quality - claims).toBeGreaterThan(300);
    const read = await readPdf(pdf, [claims, claims + 1, quality - 1, quality + 1, pageCount]);
    const next = squeeze(read.pages[claims + 1]);
    expect(squeeze(read.pages[claims])).toContain(squeeze(en.sections.claims));
    expect(next).not.toContain(squeeze(en.sections.claims));
    for (const header of [en.labels.claimId, en.labels.registry, en.labels.verdict])
      expect(next).toContain(squeeze(header));
    expect(squeeze(read.pages[quality - 1])).toContain('00004999-0000-4000-8000-000000004999');
    expect(squeeze(read.pages[quality + 1])).toContain(squeeze(en.labels.lastReading));
    expect(squeeze(read.pages[pageCount])).toContain(
      squeeze(fen.fill(en.sentences.pageOf, { page: pageCount, pages: pageCount })),
    );
  });
});
