import { auditHref, auditQueryBody, changesOf, filtersOf } from './audit-view';

describe('audit page view', () => {
  it('turns days into the instants they start in the organization’s zone, `to` inclusive', () => {
    const filters = filtersOf({ from: '2026-03-29', to: '2026-03-29', action: 'update', offset: '50' });
    const { body, errors } = auditQueryBody(filters, 'Europe/Berlin', 'bad day');
    expect(errors).toBeNull();
    // 29 March 2026 is 23 hours long in Berlin (CET → CEST).
    expect(body).toEqual({
      limit: 50,
      offset: 50,
      action: 'update',
      from: '2026-03-28T23:00:00.000Z',
      to: '2026-03-29T22:00:00.000Z',
    });
  });

  it('refuses a day that is not one at its field and leaves empty filters out', () => {
    const { body, errors } = auditQueryBody(
      filtersOf({ from: '2026-02-30', to: '' }),
      'Asia/Seoul',
      'bad day',
    );
    expect(errors).toEqual({ from: 'bad day' });
    expect(body).toEqual({ limit: 50, offset: 0 });
  });

  it('links to the same filters with changes, dropping empty ones and the first page offset', () => {
    const filters = filtersOf({ action: 'create', entityType: 'site', offset: '100' });
    expect(auditHref(filters, { offset: 0 })).toBe('/app/audit?action=create&entityType=site');
    expect(auditHref(filters, { entityType: '', offset: 150 })).toBe('/app/audit?action=create&offset=150');
  });

  it('shows what an entry records: the state created or removed, or only the fields that changed', () => {
    expect(changesOf(null, null)).toEqual({ kind: 'none' });
    expect(changesOf(null, { name: 'A', meters: [1, 2] })).toEqual({
      kind: 'created',
      rows: [
        { field: 'name', before: null, after: { text: 'A', cutFrom: null } },
        { field: 'meters', before: null, after: { text: '[1,2]', cutFrom: null } },
      ],
    });
    const changed = changesOf({ name: 'A', country: 'DE', note: null }, { name: 'B', country: 'DE' });
    expect(changed).toEqual({
      kind: 'changed',
      rows: [{ field: 'name', before: { text: 'A', cutFrom: null }, after: { text: 'B', cutFrom: null } }],
    });
    const long = changesOf({ summary: 'x'.repeat(1000) }, null);
    expect(long.kind === 'removed' && long.rows[0].before).toEqual({ text: 'x'.repeat(300), cutFrom: 1000 });
  });
});
