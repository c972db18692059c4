import type { ProcurementMixRow, TrajectorySection } from '../../model/report-model';
import type { Formatter } from '../format';
import type { Point, Rgb } from './canvas';
import type { Flow } from './flow';
import { COLOR, lineHeight, SIZE } from './style';

/** A percentage of the model as the charts label it ('62.52 %'). */
const percent = (f: Formatter, value: string) => `${f.decimal(value)} ${f.text.labels.percent}`;

/**
 * Achieved RE % by year as bars, the required path as a line and the milestones as labelled diamonds, on a
 * 0–100 % axis, drawn as vectors. Positions are read from the model's decimal strings; nothing is computed
 * that the report states.
 */
export function trajectoryChart(flow: Flow, trajectory: TrajectorySection, f: Formatter): void {
  const { labels, sentences } = f.text;
  const achieved = trajectory.years.filter((y) => y.rePercent !== null);
  if (trajectory.path.length === 0) flow.paragraph(sentences.noTrajectory, { size: SIZE.body });
  if (trajectory.path.length === 0 && achieved.length === 0) return;

  const years = [
    ...trajectory.years.map((y) => y.year),
    ...trajectory.path.map((p) => p.year),
    ...trajectory.milestones.map((m) => m.year),
  ];
  const first = Math.min(...years);
  const count = Math.max(...years) - first + 1;
  const height = 190;
  flow.ensure(height + 70);
  const c = flow.canvas;
  const plot = {
    left: flow.left + 34,
    right: flow.right - 8,
    top: flow.y + 16,
    bottom: flow.y + 16 + height,
  };
  const band = (plot.right - plot.left) / count;
  const xOf = (year: number) => plot.left + (year - first + 0.5) * band;
  const yOf = (value: string | number) => plot.bottom - (Math.min(Number(value), 100) / 100) * height;

  c.text(labels.rePercent, flow.left, flow.y, { size: SIZE.small, weight: 'bold', color: COLOR.muted });
  for (let p = 0; p <= 100; p += 20) {
    const y = yOf(p);
    c.line([plot.left, y], [plot.right, y], p === 0 ? COLOR.muted : COLOR.grid, p === 0 ? 0.7 : 0.4);
    c.text(`${p} ${labels.percent}`, plot.left - 4, y - SIZE.tiny / 2, tiny(COLOR.muted), 'right');
  }
  // Every year when there is room, else every n-th and the last (not crowding the one before it).
  const step = Math.ceil(26 / band);
  const last = first + count - 1;
  for (let year = first; year <= last; year++) {
    if (year === last || ((year - first) % step === 0 && last - year >= step))
      c.text(String(year), xOf(year), plot.bottom + 3, tiny(COLOR.muted), 'center');
  }
  c.text(labels.year, (plot.left + plot.right) / 2, plot.bottom + 13, small(COLOR.muted), 'center');

  const barWidth = Math.min(band * 0.62, 40);
  const overlays: (() => void)[] = [];
  for (const y of achieved) {
    const top = yOf(y.rePercent!);
    c.fillRect(xOf(y.year) - barWidth / 2, top, barWidth, plot.bottom - top, COLOR.accent);
    const label = percent(f, y.rePercent!);
    const width = flow.type.width(label, SIZE.tiny);
    if (plot.bottom - top > 14 && width < barWidth - 2) {
      overlays.push(() => c.text(label, xOf(y.year), top + 3, tiny(WHITE), 'center'));
    } else if (band >= 22 || achieved.length === 1) {
      overlays.push(() => boxedLabel(flow, label, xOf(y.year) - width / 2, top - 10, COLOR.accent));
    }
  }
  const path: Point[] = trajectory.path.map((p) => [xOf(p.year), yOf(p.requiredPercent)]);
  c.polyline(path, COLOR.path, 1.4);
  for (const [x, y] of path) c.fillPolygon(square(x, y, 1.4), COLOR.path);
  for (const m of trajectory.milestones) {
    const [x, y] = [xOf(m.year), yOf(m.percent)];
    const color = m.kind === 'TARGET' ? COLOR.accent : COLOR.milestone;
    c.fillPolygon(diamond(x, y, 4.5), color);
    const label = `${m.year}: ${percent(f, m.percent)}`;
    const width = flow.type.width(label, SIZE.tiny);
    const left = x + 8 + width <= plot.right ? x + 7 : x - 7 - width;
    overlays.push(() => boxedLabel(flow, label, left, y + 5, color));
  }
  // Labels last, each on a white ground, so no line crosses their text.
  for (const draw of overlays) draw();
  flow.y = plot.bottom + 26;
  legend(flow, [
    { label: labels.achieved, draw: (x, y) => c.fillRect(x, y - 3.5, 10, 7, COLOR.accent) },
    { label: labels.trajectory, draw: (x, y) => c.line([x, y], [x + 10, y], COLOR.path, 1.4) },
    { label: labels.milestone, draw: (x, y) => c.fillPolygon(diamond(x + 5, y, 4), COLOR.milestone) },
    { label: labels.target, draw: (x, y) => c.fillPolygon(diamond(x + 5, y, 4), COLOR.accent) },
  ]);
  flow.paragraph(sentences.chartTrajectory, { size: SIZE.small, color: COLOR.muted });
}

/** Recognised MWh by RE100 procurement type 1–5 as horizontal bars, labelled with MWh and RE %. */
export function procurementMixChart(flow: Flow, mix: ProcurementMixRow[], f: Formatter): void {
  const { labels, procurementTypes, sentences } = f.text;
  const t = flow.type;
  const rows = [...mix].sort((a, b) => a.type - b.type);
  const labelWidth = Math.min(230, flow.width * 0.42);
  const values = rows.map((r) => `${f.decimal(r.recognisedMwh)} ${labels.mwh} · ${percent(f, r.rePercent)}`);
  const valueWidth = Math.max(0, ...values.map((v) => t.width(v, SIZE.small))) + 8;
  const barLeft = flow.left + labelWidth;
  const barRoom = flow.right - barLeft - valueWidth;
  const max = Math.max(0, ...rows.map((r) => Number(r.recognisedMwh)));
  const rowHeight = 24;
  flow.ensure(rows.length * rowHeight + 30);
  const c = flow.canvas;
  rows.forEach((row, i) => {
    const top = flow.y;
    const label = procurementTypes[String(row.type)] ?? String(row.type);
    t.wrap(label, labelWidth - 8, SIZE.small, 'regular', 2).forEach((line, j) =>
      c.text(line, flow.left, top + 2 + j * lineHeight(SIZE.small), small(COLOR.text)),
    );
    const width = max > 0 ? (Number(row.recognisedMwh) / max) * barRoom : 0;
    c.fillRect(barLeft, top + 3, barRoom, 12, COLOR.stripe);
    if (width > 0) c.fillRect(barLeft, top + 3, width, 12, COLOR.accent);
    c.text(values[i], barLeft + width + 4, top + 4.5, small(COLOR.text));
    flow.y += rowHeight;
  });
  c.line([barLeft, flow.y - rowHeight * rows.length], [barLeft, flow.y - 6], COLOR.muted, 0.6);
  flow.gap(2);
  flow.paragraph(sentences.chartMix, { size: SIZE.small, color: COLOR.muted });
}

function boxedLabel(flow: Flow, label: string, left: number, top: number, color: Rgb): void {
  const width = flow.type.width(label, SIZE.tiny);
  flow.canvas.fillRect(left - 1.5, top - 1, width + 3, SIZE.tiny + 2.5, WHITE);
  flow.canvas.text(label, left, top, tiny(color));
}

function legend(flow: Flow, items: { label: string; draw: (x: number, y: number) => void }[]): void {
  let x = flow.left + 34;
  const y = flow.y + 4;
  for (const item of items) {
    item.draw(x, y);
    flow.canvas.text(item.label, x + 14, y - SIZE.small / 2 - 0.5, small(COLOR.text));
    x += 14 + flow.type.width(item.label, SIZE.small) + 16;
  }
  flow.y += 14;
}

const WHITE: Rgb = [1, 1, 1];
const tiny = (color: Rgb) => ({ size: SIZE.tiny, color });
const small = (color: Rgb) => ({ size: SIZE.small, color });

function diamond(x: number, y: number, r: number): Point[] {
  return [
    [x, y - r],
    [x + r, y],
    [x, y + r],
    [x - r, y],
  ];
}

function square(x: number, y: number, r: number): Point[] {
  return [
    [x - r, y - r],
    [x + r, y - r],
    [x + r, y + r],
    [x - r, y + r],
  ];
}
