import type { Rgb } from './canvas';

/** Page margins in points (A4 either way); the footer sits in the bottom margin. */
export const MARGIN = { top: 40, bottom: 48, side: 40 } as const;

/** Type sizes in points: 16–22 pt headings, 8–9 pt tables. */
export const SIZE = {
  title: 22,
  section: 18,
  heading: 12,
  subheading: 10,
  body: 9,
  table: 8,
  small: 7,
  tiny: 6.5,
} as const;

/** Line height as a multiple of the type size. */
export const LEADING = 1.32;

export const COLOR = {
  text: [0.12, 0.13, 0.15],
  muted: [0.4, 0.42, 0.46],
  accent: [0.04, 0.38, 0.45],
  accentSoft: [0.84, 0.92, 0.93],
  path: [0.85, 0.42, 0.05],
  milestone: [0.55, 0.25, 0.6],
  rule: [0.78, 0.8, 0.83],
  grid: [0.88, 0.89, 0.91],
  headerFill: [0.91, 0.93, 0.95],
  stripe: [0.965, 0.972, 0.98],
  noteFill: [0.99, 0.96, 0.88],
  passed: [0.09, 0.5, 0.2],
  failed: [0.78, 0.1, 0.1],
} as const satisfies Record<string, Rgb>;

export const lineHeight = (size: number) => size * LEADING;
