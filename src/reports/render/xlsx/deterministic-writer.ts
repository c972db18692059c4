import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';

/** The part of archiver's API exceljs's streaming writer calls to add a zip entry. */
interface Archive {
  append(source: unknown, data: { name: string; date?: Date | string }): unknown;
}

/**
 * exceljs's streaming `WorkbookWriter` with every clock time replaced by one date, so the same model gives the
 * same bytes. Two clocks leak into an XLSX:
 *
 * - docProps/core.xml: `created`/`modified` default to now; they, and `lastPrinted`, are set to the date.
 * - the zip: exceljs appends each part to archiver (`this.zip.append(data, { name })`) without a date, and
 *   archiver stamps the entry with `new Date()` at append time. Archiver has no option for a default entry
 *   date (its zip options are comment, forceLocalTime, forceZip64, store, zlib), and exceljs appends the
 *   theme and package relationships inside its constructor, before any caller can reach the archiver.
 *
 * So this subclass defines a `zip` setter: exceljs's constructor assigns `this.zip = Archiver('zip', …)`
 * right after reading `options.created`, the assignment lands in the setter, which wraps that archiver's
 * `append` to add `date: created` to every entry and then stores the archiver as a plain own property (the
 * setter runs once). Entry times are written as DOS UTC times (archiver's default `forceLocalTime: false`),
 * so they do not depend on the server's time zone. Only `append` is wrapped: exceljs adds media with
 * `zip.file` too, and reports have no media. Nothing else is patched, and only on this instance.
 */
export class DeterministicWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  constructor(out: Writable, date: Date) {
    // `created` is read by exceljs's constructor but missing from its typings.
    const options: Partial<ExcelJS.stream.xlsx.WorkbookStreamWriterOptions> & { created: Date } = {
      stream: out,
      useStyles: true,
      // Shared strings, as Excel writes them: without, exceljs writes text as `t="str"` (a formula's string
      // result), which Excel and LibreOffice read but other readers need not. The table holds each distinct
      // text once (a few MB for 5,000 claims) and is written last, in first-seen order.
      useSharedStrings: true,
      created: date,
    };
    super(options);
    this.creator = 're100-ledger';
    this.lastModifiedBy = 're100-ledger';
    this.created = date;
    this.modified = date;
    this.lastPrinted = date;
  }

  /** Called once, by the base constructor (see the class comment). */
  set zip(archive: Archive) {
    const date: unknown = this.created;
    if (!(date instanceof Date)) throw new Error('DeterministicWorkbookWriter: no entry date was given');
    const append = archive.append.bind(archive);
    archive.append = (source, data) => append(source, { ...data, date });
    Object.defineProperty(this, 'zip', {
      value: archive,
      writable: true,
      configurable: true,
      enumerable: true,
    });
  }
}
