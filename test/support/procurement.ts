import type { TestOrganization } from './test-app';

const STATEMENT = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n');

/**
 * Attaches the registry's cancellation statement to a certificate (evidence of kind CANCELLATION_STATEMENT):
 * what RE100 TC v5.0 asks of a claim in Europe, US/Canada, China and India from 2026 (docs/rules.md#v5-cancel-1).
 */
export async function attachCancellationStatement(
  org: TestOrganization,
  certificateId: string,
): Promise<void> {
  await org.as.officer
    .raw('post', `/api/v1/certificates/${certificateId}/evidence`)
    .attach('file', STATEMENT, { filename: 'cancellation-statement.pdf', contentType: 'application/pdf' })
    .field('kind', 'CANCELLATION_STATEMENT')
    .expect(201);
}
