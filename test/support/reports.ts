import type { Caller } from './test-app';

export interface ReportView {
  id: string;
  year: number;
  language: string;
  status: 'queued' | 'running' | 'ready' | 'failed';
  failure: { code: string; message: string } | null;
  modelHash: string | null;
  reportStatus: string | null;
  files: Record<'pdf' | 'xlsx' | 'model', { sha256: string; bytes: number; href: string }> | null;
}

/** Polls a report until its job has finished (ready or failed). */
export async function waitForReport(caller: Caller, id: string, timeoutMs = 60_000): Promise<ReportView> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const report: ReportView = (await caller.get(`/api/v1/reports/${id}`).expect(200)).body;
    if (report.status === 'ready' || report.status === 'failed') return report;
    if (Date.now() > until) throw new Error(`report ${id} still ${report.status} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Requests a report through the API and waits for its job. */
export async function makeReport(caller: Caller, year: number, language = 'en'): Promise<ReportView> {
  const created: ReportView = (await caller.post('/api/v1/reports', { year, language }).expect(202)).body;
  return waitForReport(caller, created.id);
}

/** Finalizes a year the way an admin does: a report of it, then the finalization from that report. */
export async function finalizeYear(admin: Caller, year: number): Promise<ReportView> {
  const report = await makeReport(admin, year);
  if (report.status !== 'ready')
    throw new Error(`report of ${year} failed: ${JSON.stringify(report.failure)}`);
  await admin.post(`/api/v1/reporting-periods/${year}/finalize`, { reportId: report.id }).expect(200);
  return report;
}
