import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { CdpTable, ReportModel } from '../../model/report-model';
import { ReportTemplates } from '../../templates/report-templates';
import type { ReportText } from '../../templates/report-text';
import { renderXlsx, xlsxRenderer } from './xlsx-renderer';
import { withNamesInManyScripts } from '../../../../test/support/synthetic-report-model';

const fixture = (name: string): ReportModel =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../../test/fixtures', name), 'utf8')) as ReportModel;

const templates = ReportTemplates.load();
const en = templates.text('en');
const ko = templates.text('ko');

async function load(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ExcelJS.Buffer);
  return workbook;
}

function sheet(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const found = workbook.getWorksheet(name);
  if (!found)
    throw new Error(`no sheet ${name}; sheets: ${workbook.worksheets.map((s) => s.name).join(', ')}`);
  return found;
}

/** The main table's header row: the frozen rows end there (README: where its auto-filter starts). */
function headerRow(ws: ExcelJS.Worksheet): number {
  const view = ws.views?.[0] as { state?: string; ySplit?: number } | undefined;
  if (view?.state === 'frozen' && view.ySplit) return view.ySplit;
  return filterRange(ws).first;
}

function filterRange(ws: ExcelJS.Worksheet): { first: number; last: number; ref: string } {
  const ref = String(ws.autoFilter);
  const match = /^A(\d+):[A-Z]+(\d+)$/.exec(ref);
  if (!match) throw new Error(`${ws.name}: no auto-filter (${ref})`);
  return { first: Number(match[1]), last: Number(match[2]), ref };
}

const values = (ws: ExcelJS.Worksheet, row: number, count: number): unknown[] =>
  Array.from({ length: count }, (_, i) => ws.getRow(row).getCell(i + 1).value);

/** The first row whose first cell is `label`. */
function rowOf(ws: ExcelJS.Worksheet, label: string): ExcelJS.Row {
  for (let r = 1; r <= ws.rowCount; r++) if (ws.getRow(r).getCell(1).value === label) return ws.getRow(r);
  throw new Error(`${ws.name}: no row ${label}`);
}

function expectNumber(cell: ExcelJS.Cell, value: string | number | null, numFmt: string): void {
  if (value === null) {
    expect(cell.value).toBeNull();
    return;
  }
  expect({ value: cell.value, type: cell.type, numFmt: cell.numFmt }).toEqual({
    value: Number(value),
    type: ExcelJS.ValueType.Number,
    numFmt,
  });
}

const utcDay = (day: string) => new Date(`${day}T00:00:00Z`);

/** What a CDP cell of the model reads back as. */
function cdpCell(type: string, value: unknown, text: ReportText): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value ? text.statuses.yes : text.statuses.no;
  if (['mwh', 'tco2e', 'number', 'year'].includes(type)) return Number(value);
  if (type === 'date') return utcDay(String(value));
  return value;
}

function expectedSheetNames(model: ReportModel, text: ReportText): string[] {
  const s = text.sections;
  return [
    s.readme,
    s.summary,
    text.labels.trajectory,
    s.procurementMix,
    ...model.content.cdp.tables.map((t) => `CDP ${t.id}`),
    s.markets,
    s.countries,
    s.procurementTypes,
    s.ageAllowance,
    s.excludedSites,
    s.claims,
    s.dataQuality,
    s.scope2Quality,
    s.methodology,
    s.factors,
    s.checks,
    ...(model.restatement ? [s.restatement] : []),
  ];
}

describe('xlsx renderer', () => {
  const model = fixture('report-model.json');
  const multiscript = withNamesInManyScripts(fixture('report-model.json'));
  let buffer: Buffer;
  let book: ExcelJS.Workbook;
  let koBook: ExcelJS.Workbook;

  beforeAll(async () => {
    buffer = await renderXlsx(model, en);
    book = await load(buffer);
    koBook = await load(await renderXlsx(model, ko));
  });

  it('is a renderer of report.xlsx', () => {
    expect(xlsxRenderer.fileName).toBe('report.xlsx');
    expect(xlsxRenderer.contentType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(buffer.subarray(0, 2).toString()).toBe('PK');
  });

  it('names its sheets in order, README first, one per CDP table, within Excel’s limits', () => {
    expect(book.worksheets.map((s) => s.name)).toEqual(expectedSheetNames(model, en));
    expect(koBook.worksheets.map((s) => s.name)).toEqual(expectedSheetNames(model, ko));
    for (const ws of [...book.worksheets, ...koBook.worksheets]) {
      expect(ws.name.length).toBeLessThanOrEqual(31);
      expect(ws.name).not.toMatch(/[:\\/?*[\]]/);
    }
  });

  it('says in the README what the report is, with the model’s SHA-256', () => {
    const readme = sheet(book, en.sections.readme);
    expect(rowOf(readme, en.labels.modelHash).getCell(2).value).toBe(model.modelHash);
    expect(rowOf(readme, en.labels.organization).getCell(2).value).toBe(model.content.organization.name);
    expect(rowOf(readme, en.labels.reportingYear).getCell(2).value).toBe(model.content.period.year);
    expect(rowOf(readme, en.labels.period).getCell(2).value).toEqual(utcDay(model.content.period.start));
    expect(rowOf(readme, en.labels.asOf).getCell(2).value).toEqual(new Date(model.asOf));
    expect(rowOf(readme, en.labels.status).getCell(2).value).toBe(en.statuses[model.status]);
    expect(rowOf(readme, en.sentences.modelHashNote)).toBeDefined();
    expect(rowOf(readme, en.sentences.readme)).toBeDefined();
    // The table of sheets lists every other sheet, by name, in order.
    const { first } = filterRange(readme);
    expect(values(readme, first, 2)).toEqual([en.labels.sheet, en.labels.contents]);
    const listed = book.worksheets.slice(1).map((_, i) => readme.getRow(first + 1 + i).getCell(1).value);
    expect(listed).toEqual(book.worksheets.slice(1).map((s) => s.name));
  });

  it('gives the summary’s figures as numbers equal to the model’s', () => {
    const ws = sheet(book, en.sections.summary);
    const { summary } = model.content;
    expectNumber(rowOf(ws, en.labels.rePercent).getCell(2), summary.rePercent, '#,##0.00');
    expectNumber(rowOf(ws, en.labels.requiredPercent).getCell(2), summary.requiredPercent, '#,##0.00');
    expect(rowOf(ws, en.labels.progressStatus).getCell(2).value).toBe(en.statuses[summary.status]);
    expectNumber(rowOf(ws, en.labels.consumption).getCell(2), summary.consumptionMwh, '#,##0.000');
    expectNumber(rowOf(ws, en.labels.recognised).getCell(2), summary.recognisedMwh, '#,##0.000');
    expectNumber(rowOf(ws, en.labels.stillToProcure).getCell(2), summary.stillToProcureMwh, '#,##0.000');
    const lb = rowOf(ws, en.labels.scope2LocationBased);
    const mb = rowOf(ws, en.labels.scope2MarketBased);
    expectNumber(lb.getCell(2), summary.scope2.locationBasedTCo2e, '#,##0.000');
    expectNumber(mb.getCell(2), summary.scope2.marketBasedTCo2e, '#,##0.000');
    expect([lb.getCell(3).value, lb.getCell(4).value]).toEqual([en.labels.tco2e, null]);
    const milestone = rowOf(ws, `${en.labels.nextMilestone} (${summary.nextMilestone!.year})`);
    expectNumber(milestone.getCell(2), summary.nextMilestone!.percent, '#,##0.00');

    const trajectory = sheet(book, en.labels.trajectory);
    const top = headerRow(trajectory);
    model.content.trajectory.years.forEach((y, i) => {
      const row = trajectory.getRow(top + 1 + i);
      expectNumber(row.getCell(1), y.year, '0');
      expectNumber(row.getCell(2), y.rePercent, '#,##0.00');
      expectNumber(row.getCell(3), y.requiredPercent, '#,##0.00');
    });

    const mix = sheet(book, en.sections.procurementMix);
    model.content.procurementMix.forEach((m, i) => {
      const row = mix.getRow(headerRow(mix) + 1 + i);
      expect(row.getCell(1).value).toBe(en.procurementTypes[String(m.type)]);
      expectNumber(row.getCell(2), m.claimCount, '#,##0');
      expectNumber(row.getCell(4), m.recognisedMwh, '#,##0.000');
      expectNumber(row.getCell(5), m.rePercent, '#,##0.00');
    });
  });

  it('gives each market’s MWh and RE % as numbers', () => {
    const ws = sheet(book, en.sections.markets);
    const top = headerRow(ws);
    expect(ws.getRow(top).getCell(7).value).toBe(`${en.labels.recognised} (MWh)`);
    model.content.re100.markets.forEach((m, i) => {
      const row = ws.getRow(top + 1 + i);
      expect(row.getCell(1).value).toBe(m.market);
      expectNumber(row.getCell(3), m.consumptionMwh, '#,##0.000');
      expectNumber(row.getCell(5), m.inScopeMwh, '#,##0.000');
      expectNumber(row.getCell(7), m.recognisedMwh, '#,##0.000');
      expectNumber(row.getCell(10), m.rePercent, '#,##0.00');
    });
    expect(filterRange(ws).last).toBe(top + model.content.re100.markets.length);
  });

  it('writes each CDP table in the questionnaire’s column order, its rows and totals as the model’s', () => {
    for (const table of model.content.cdp.tables) {
      const ws = sheet(book, `CDP ${table.id}`);
      const top = headerRow(ws);
      expect(values(ws, top, table.columns.length)).toEqual(table.columns.map((c) => c.label));
      expect(ws.getRow(1).getCell(1).value).toBe(`${table.id} ${table.title}`);
      table.rows.forEach((row, i) => {
        const cells = values(ws, top + 1 + i, table.columns.length).map((v) => v ?? null);
        expect(cells).toEqual(table.columns.map((c) => cdpCell(c.type, row[c.key], en)));
        table.columns.forEach((c, j) => {
          const numFmt = ws.getRow(top + 1 + i).getCell(j + 1).numFmt;
          if (c.type === 'mwh' && row[c.key] !== null) expect(numFmt).toBe('#,##0.00');
          if (c.type === 'tco2e' && row[c.key] !== null) expect(numFmt).toBe('#,##0.000');
          if (c.type === 'year' && row[c.key] !== null) expect(numFmt).toBe('0');
        });
      });
      if (table.totals) totalsOf(ws, table, top + 1 + table.rows.length);
      expect(filterRange(ws)).toMatchObject({ first: top, last: top + table.rows.length });
    }
  });

  function totalsOf(ws: ExcelJS.Worksheet, table: CdpTable, rowNumber: number): void {
    const row = ws.getRow(rowNumber);
    table.columns.forEach((c, j) => {
      const total = table.totals![c.key];
      if (total !== undefined) expectNumber(row.getCell(j + 1), total, '#,##0.00');
    });
    expect(row.getCell(1).value).toBe(en.labels.total);
  }

  it('lists every claim with its verdict in words and its volumes as numbers', () => {
    const ws = sheet(book, en.sections.claims);
    const top = headerRow(ws);
    const header = values(ws, top, 27) as string[];
    const col = (label: string) => header.indexOf(label) + 1;
    expect(filterRange(ws).last).toBe(top + model.content.claims.length);
    model.content.claims.forEach((claim, i) => {
      const row = ws.getRow(top + 1 + i);
      expect(row.getCell(col(en.labels.claimId)).value).toBe(claim.claimId);
      expect(row.getCell(col(en.labels.verdict)).value).toBe(en.statuses[claim.status]);
      expect(row.getCell(col(en.labels.method)).value).toBe(en.methods[claim.method]);
      expectNumber(row.getCell(col(`${en.labels.claimed} (MWh)`)), claim.claimedMwh, '#,##0.000');
      expectNumber(row.getCell(col(`${en.labels.eligible} (MWh)`)), claim.eligibleMwh, '#,##0.000');
      expectNumber(row.getCell(col(en.labels.commissioningYear)), claim.commissioningYear, '0');
      const vintage = row.getCell(col(en.labels.vintageStart));
      expect(vintage.value).toEqual(claim.vintageStart === null ? null : utcDay(claim.vintageStart));
      const reasons = row.getCell(col(en.labels.reasons));
      expect(reasons.value ?? '').toBe(claim.reasons.map((r) => en.reasons[r]).join('\n'));
      expect(row.getCell(col(en.labels.reasonCodes)).value ?? '').toBe(claim.reasons.join('\n'));
      if (claim.reasons.length) expect(reasons.alignment?.wrapText).toBe(true);
    });
  });

  it('writes data quality per meter, the Scope 2 flags, factors and checks as numbers', () => {
    const ws = sheet(book, en.sections.dataQuality);
    const top = headerRow(ws);
    const meters = model.content.dataQuality.sites.flatMap((s) => s.meters.map((m) => ({ site: s, m })));
    expect(filterRange(ws).last).toBe(top + meters.length);
    meters.forEach(({ site, m }, i) => {
      const row = ws.getRow(top + 1 + i);
      expect([row.getCell(1).value, row.getCell(4).value]).toEqual([site.name, m.externalId]);
      expectNumber(row.getCell(3), site.consumptionMwh, '#,##0.000');
      expect(row.getCell(5).value).toBe(en.directions[m.direction]);
      expectNumber(row.getCell(8), m.mwh, '#,##0.000');
      expectNumber(row.getCell(9), m.expectedIntervals, '#,##0');
      expectNumber(row.getCell(12), m.completenessPercent, '#,##0.00');
      expect(row.getCell(15).value).toEqual(m.lastReadingAt === null ? null : new Date(m.lastReadingAt));
    });

    const scope2 = sheet(book, en.sections.scope2Quality);
    const flags = rowOf(scope2, en.labels.scope2MarketBased);
    expect(flags.getCell(2).value).toBe(en.statuses.yes);
    expectNumber(flags.getCell(3), model.content.dataQuality.scope2.marketBasedLeftOutMwh, '#,##0.000');

    const factors = sheet(book, en.sections.factors);
    const factorRows = model.content.factorSets.flatMap((s) => s.factors);
    factorRows.forEach((f, i) => {
      const cell = factors.getRow(headerRow(factors) + 1 + i).getCell(8);
      const decimals = f.value.split('.')[1]?.length ?? 0;
      expectNumber(cell, f.value, decimals ? `#,##0.${'0'.repeat(decimals)}` : '#,##0');
    });

    const checks = sheet(book, en.sections.checks);
    model.content.checks.forEach((c, i) => {
      const row = checks.getRow(headerRow(checks) + 1 + i);
      expect(row.getCell(1).value).toBe(en.checks[c.id]);
      expectNumber(row.getCell(3), c.expected, '#,##0.000');
      expectNumber(row.getCell(4), c.actual, '#,##0.000');
      expect(row.getCell(5).value).toBe(c.passed ? en.statuses.passed : en.statuses.failed);
    });
  });

  it('freezes every table sheet’s header rows, bold, with an auto-filter', () => {
    for (const ws of book.worksheets) {
      const top = headerRow(ws);
      expect(filterRange(ws).first).toBe(top);
      expect(ws.getRow(top).getCell(1).font?.bold).toBe(true);
      if (ws.name === en.sections.readme) continue;
      expect(ws.views?.[0]).toMatchObject({ state: 'frozen', ySplit: top });
      expect(ws.getColumn(1).width).toBeGreaterThan(0);
    }
  });

  it('writes Korean words, with CDP’s English labels and the Korean gloss', () => {
    const summary = sheet(koBook, ko.sections.summary);
    expect(values(summary, headerRow(summary), 4)).toEqual([
      ko.labels.path,
      ko.labels.value,
      ko.labels.unit,
      ko.labels.note,
    ]);
    expect(rowOf(summary, ko.labels.progressStatus).getCell(2).value).toBe(
      ko.statuses[model.content.summary.status],
    );
    const claims = sheet(koBook, ko.sections.claims);
    expect(claims.getRow(headerRow(claims)).getCell(1).value).toBe(ko.labels.claimId);
    expect(ko.labels.claimId).not.toBe(en.labels.claimId);

    for (const table of model.content.cdp.tables) {
      const ws = sheet(koBook, `CDP ${table.id}`);
      const top = headerRow(ws);
      expect(values(ws, top, table.columns.length)).toEqual(table.columns.map((c) => c.label));
      const above = Array.from({ length: top - 1 }, (_, i) => ws.getRow(i + 1).getCell(1).value);
      expect(above[0]).toBe(`${table.id} ${table.title}`);
      expect(above).toContain(ko.cdpGloss[table.id]);
    }
  });

  it('keeps names in Korean, Japanese, Chinese and German unchanged', async () => {
    const workbook = await load(await renderXlsx(multiscript, ko));
    const claims = sheet(workbook, ko.sections.claims);
    const top = headerRow(claims);
    const header = values(claims, top, 27);
    const facility = header.indexOf(ko.labels.facility) + 1;
    const counterparty = header.indexOf(ko.labels.contractCounterparty) + 1;
    multiscript.content.claims.forEach((c, i) => {
      expect(claims.getRow(top + 1 + i).getCell(facility).value).toBe(c.facilityName);
      expect(claims.getRow(top + 1 + i).getCell(counterparty).value ?? null).toBe(
        c.contract?.counterparty ?? null,
      );
    });
    const quality = sheet(workbook, ko.sections.dataQuality);
    const names = new Set(
      Array.from({ length: quality.rowCount }, (_, i) => quality.getRow(i + 1).getCell(1).value),
    );
    for (const site of multiscript.content.dataQuality.sites) expect(names).toContain(site.name);
    const all = JSON.stringify(multiscript.content.dataQuality.sites.map((s) => s.name));
    expect(all).toMatch(/[가-힣]/);
    expect(all).toMatch(/[ぁ-ゟ゠-ヿ]/);
    expect(all).toMatch(/ß|ü/);
  });

  it('gives byte-identical files for the same model, whatever the clock', async () => {
    const fakeOnly = (now: string) =>
      jest.useFakeTimers({
        now: new Date(now),
        doNotFake: [
          'hrtime',
          'nextTick',
          'performance',
          'queueMicrotask',
          'requestAnimationFrame',
          'cancelAnimationFrame',
          'requestIdleCallback',
          'cancelIdleCallback',
          'setImmediate',
          'clearImmediate',
          'setInterval',
          'clearInterval',
          'setTimeout',
          'clearTimeout',
        ],
      });
    try {
      fakeOnly('2031-07-09T13:37:42Z');
      const later = await renderXlsx(model, en);
      fakeOnly('2027-02-03T04:05:06Z');
      const earlier = await renderXlsx(model, en);
      expect(later.equals(buffer)).toBe(true);
      expect(earlier.equals(buffer)).toBe(true);
    } finally {
      jest.useRealTimers();
    }
    expect((await renderXlsx(model, ko)).equals(await renderXlsx(model, ko))).toBe(true);
  });

  it('renders a model without data, an incomplete Scope 2 and a restatement', async () => {
    const noData: ReportModel = structuredClone(model);
    const c = noData.content;
    c.dataStatus = 'NO_DATA';
    c.summary = { ...c.summary, rePercent: null, status: 'NO_DATA', stillToProcureMwh: null };
    c.summary.scope2 = { ...c.summary.scope2, marketBasedComplete: false };
    c.claims = [];
    c.dataQuality.sites = [];
    c.re100.markets = [];
    c.trajectory.years = [{ year: c.period.year, rePercent: null, requiredPercent: null }];
    c.cdp.tables = c.cdp.tables.map((t) => ({ ...t, rows: [], totals: null }));
    noData.restatement = {
      finalizedReportId: 'r-1',
      finalizedModelHash: 'f'.repeat(64),
      reopenedAt: '2026-03-01T09:00:00.000Z',
      reason: 'Late certificates',
      changes: [
        { path: 'summary.rePercent', finalized: '60.00', now: '62.52', difference: '2.52' },
        { path: 'claims[0].status', finalized: 'ELIGIBLE', now: 'INELIGIBLE', difference: null },
      ],
    };
    const workbook = await load(await renderXlsx(noData, en));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(expectedSheetNames(noData, en));

    const summary = sheet(workbook, en.sections.summary);
    expect(rowOf(summary, en.labels.rePercent).getCell(2).value).toBeNull();
    expect(rowOf(summary, en.labels.progressStatus).getCell(2).value).toBe(en.statuses.NO_DATA);
    expect(rowOf(summary, en.labels.scope2MarketBased).getCell(4).value).toBe(en.labels.incomplete);
    expect(rowOf(summary, en.labels.scope2LocationBased).getCell(4).value).toBeNull();
    expect(rowOf(summary, en.sentences.noData)).toBeDefined();
    expect(rowOf(summary, en.sentences.scope2Incomplete)).toBeDefined();

    const claims = sheet(workbook, en.sections.claims);
    expect(claims.getRow(headerRow(claims) + 1).getCell(1).value).toBe(en.sentences.noClaims);

    const restatement = sheet(workbook, en.sections.restatement);
    const top = headerRow(restatement);
    expect(values(restatement, top + 1, 4)).toEqual(['summary.rePercent', 60, 62.52, 2.52]);
    expect(restatement.getRow(top + 1).getCell(3).numFmt).toBe('#,##0.00');
    expect(values(restatement, top + 2, 4)).toEqual(['claims[0].status', 'ELIGIBLE', 'INELIGIBLE', null]);
    expect(rowOf(restatement, en.labels.modelHash).getCell(2).value).toBe('f'.repeat(64));
  });

  it('opens in LibreOffice, whose CSV of the first sheet holds the model hash', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'xlsx-renderer-'));
    const profile = path.join(tmpdir(), `lo-${randomBytes(6).toString('hex')}`);
    try {
      const file = path.join(dir, 'report.xlsx');
      writeFileSync(file, buffer);
      const { code, stderr } = await run('libreoffice', [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'csv',
        '--outdir',
        dir,
        file,
      ]);
      expect({ code, stderr: stderr.split('\n').filter((line) => /error/i.test(line)) }).toEqual({
        code: 0,
        stderr: [],
      });
      expect(readdirSync(dir)).toContain('report.csv');
      const csv = readFileSync(path.join(dir, 'report.csv'), 'utf8');
      expect(csv).toContain(model.modelHash);
      expect(csv).toContain(en.labels.modelHash);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(profile, { recursive: true, force: true });
    }
  }, 120_000);
});

/** Runs a program; a missing program fails the test (CI installs LibreOffice), it is not skipped. */
function run(command: string, args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 110_000 }, (error, _stdout, stderr) => {
      if (error && typeof error.code !== 'number') {
        reject(
          new Error(`${command} could not run (${error.message}): install LibreOffice (libreoffice-calc)`),
        );
        return;
      }
      resolve({ code: error ? Number(error.code) : 0, stderr: String(stderr) });
    });
  });
}
