// Child process of bench:report (scripts/bench/report.mjs): renders one report model (a downloaded
// model.json) with one of the built renderers, `pdf` or `xlsx`, once to warm up and then RUNS times, and
// prints one JSON line: the times (ms), the file's bytes (a PDF's pages too) and this process's peak RSS.
// It loads only the renderer and the templates, so that peak is the render's (with Node and the model).
// Usage: node scripts/bench/report-render.mjs <pdf|xlsx> <model.json> [runs]
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const [kind, modelFile, runs = '5'] = process.argv.slice(2);
if (!['pdf', 'xlsx'].includes(kind) || !modelFile) throw new Error('usage: report-render.mjs <pdf|xlsx> <model.json> [runs]');
const require = createRequire(import.meta.url);
const reports = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'dist', 'src', 'reports');
const { ReportTemplates } = require(path.join(reports, 'templates', 'report-templates.js'));
const render =
  kind === 'pdf'
    ? require(path.join(reports, 'render', 'pdf', 'pdf-renderer.js')).renderPdf
    : require(path.join(reports, 'render', 'xlsx', 'xlsx-renderer.js')).renderXlsx;

const model = JSON.parse(readFileSync(modelFile, 'utf8'));
const text = ReportTemplates.load().text(model.language);
const ms = []; // the first is the warm-up
let file;
for (let i = 0; i <= Number(runs); i++) {
  const started = process.hrtime.bigint();
  file = await render(model, text);
  ms.push(Number(process.hrtime.bigint() - started) / 1e6);
}
// pdfkit writes one uncompressed `/Type /Page` dictionary per page (and `/Type /Pages` for the tree).
const pages = kind === 'pdf' ? (file.toString('latin1').match(/\/Type \/Page(?![a-zA-Z])/g) ?? []).length : null;
console.log(JSON.stringify({ warmUp: ms[0], ms: ms.slice(1), bytes: file.length, pages, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }));
