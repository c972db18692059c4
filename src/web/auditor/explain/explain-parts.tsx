import type { ComponentChildren } from 'preact';
import { ExplainMeterDto } from '../../../re100/dto/explain.dto';
import { REASON_CODES } from '../../../re100/engine/reason-codes';
import { ReportText } from '../../../reports/templates/report-text';
import { BadgeTone, DataTable, groupDigits } from '../../views/components';
import { ExplainText } from './explain.text';
import { completenessPercent, factText } from './explain-view';

// The parts every level of the explain page is made of: cards, the method, meters, reasons.

export const VERDICT_TONES: Record<string, BadgeTone> = {
  ELIGIBLE: 'good',
  PARTIAL: 'warn',
  INELIGIBLE: 'bad',
};

export const str = (value: unknown): string | null =>
  value === null || value === undefined ? null : typeof value === 'string' ? value : String(value);

export const num = (value: string | null | undefined) =>
  value === null || value === undefined ? null : groupDigits(value);

/** A card of the page, named by its heading (`<id>-title`). */
export function Card(props: { id: string; title: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <section class={props.wide ? 'card wide' : 'card'} aria-labelledby={`${props.id}-title`}>
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      {props.children}
    </section>
  );
}

/** Each method step names its rule id first ("RE100-CALC-1: …"), as the API writes it. */
export function Method({ steps, title }: { steps: string[]; title: string }) {
  return (
    <Card id="method" title={title} wide>
      <ol id="method">
        {steps.map((step) => (
          <li>{step}</li>
        ))}
      </ol>
    </Card>
  );
}

export function reasonWords(code: string, words: ReportText) {
  const rule = (REASON_CODES as Record<string, { rule: string }>)[code]?.rule;
  return { rule: rule ?? null, text: words.reasons[code] ?? words.siteExclusionReasons[code] ?? code };
}

export function Meters({
  meters,
  t,
  words,
  caption,
}: {
  meters: ExplainMeterDto[];
  t: ExplainText;
  words: ReportText;
  caption: string;
}) {
  return (
    <DataTable
      caption={caption}
      head={[
        t.sites.meter,
        t.sites.direction,
        `${t.sites.energy} (MWh)`,
        t.sites.readings,
        t.sites.daysWithData,
        t.sites.expected,
        t.sites.missing,
        t.sites.completeness,
        t.sites.estimated,
      ]}
      numeric={[2, 3, 4, 5, 6, 7, 8]}
      rows={meters.map((m) => [
        <span data-meter-id={m.meterId}>{m.externalId}</span>,
        words.directions[m.direction] ?? m.direction,
        m.mwh,
        String(m.readings),
        String(m.daysWithData),
        m.expectedIntervals === null ? (
          <span class="muted">{t.sites.registerMeter}</span>
        ) : (
          String(m.expectedIntervals)
        ),
        m.missingIntervals === null ? null : String(m.missingIntervals),
        completenessPercent(m),
        m.estimatedWh,
      ])}
    />
  );
}

export function FactsTable({
  caption,
  facts,
  t,
}: {
  caption: string;
  facts: Record<string, unknown>;
  t: ExplainText;
}) {
  return (
    <DataTable
      caption={caption}
      head={[t.claim.fact, t.claim.value]}
      rows={Object.entries(facts).map(([key, value]) => {
        const text = factText(value, t.yes, t.no);
        // Energy is grouped as everywhere else; other numbers (years, ages) stay as they are.
        return [<code>{key}</code>, text !== null && /(Wh|Mwh)$/.test(key) ? groupDigits(text) : text];
      })}
    />
  );
}

/** One claim: its verdict, each reason with its rule, the facts the rules read and how its energy counted. */
