import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** Reporting year (by the organization's start month) of a local date column, in SQL. */
const yearOf = (dateColumn: string) =>
  `(extract(year FROM ${dateColumn})::int - (extract(month FROM ${dateColumn})::int < o.reporting_year_start_month)::int)`;

/**
 * Which reporting years a record's figures reach: the years a change to it would alter. Each query names
 * the organization, so another organization's ids find nothing.
 */
@Injectable()
export class ReportingPeriodsRepository {
  async finalizedYears(em: EntityManager, organizationId: string): Promise<number[]> {
    const rows: { year: number }[] = await em.query(
      `SELECT year FROM reporting_periods WHERE organization_id = $1 AND status = 'finalized' ORDER BY year`,
      [organizationId],
    );
    return rows.map((r) => r.year);
  }

  /** Years with readings of the meters (their site-local days, as rollups keep them). */
  yearsOfMeters(em: EntityManager, organizationId: string, meterIds: string[]): Promise<number[]> {
    return this.years(
      em,
      `SELECT DISTINCT ${yearOf('r.local_date')} AS year
       FROM meter_daily_rollups r JOIN organizations o ON o.id = r.organization_id
       WHERE r.organization_id = $1 AND r.meter_id = ANY($2::uuid[])`,
      [organizationId, meterIds],
    );
  }

  /** Years with readings of any meter of the site. */
  yearsOfSite(em: EntityManager, organizationId: string, siteId: string): Promise<number[]> {
    return this.years(
      em,
      `SELECT DISTINCT ${yearOf('r.local_date')} AS year
       FROM meter_daily_rollups r JOIN organizations o ON o.id = r.organization_id
       JOIN meters m ON m.organization_id = r.organization_id AND m.id = r.meter_id
       WHERE r.organization_id = $1 AND m.site_id = $2`,
      [organizationId, siteId],
    );
  }

  /** Years the certificate is claimed in. */
  yearsOfCertificate(em: EntityManager, organizationId: string, certificateId: string): Promise<number[]> {
    return this.years(
      em,
      `SELECT DISTINCT reporting_year AS year FROM allocations WHERE organization_id = $1 AND certificate_id = $2`,
      [organizationId, certificateId],
    );
  }

  /** Years claimed from the facility (its certificates, its claims) or measured from its generation meters. */
  async yearsOfFacility(em: EntityManager, organizationId: string, facilityId: string): Promise<number[]> {
    const claimed = await this.years(
      em,
      `SELECT DISTINCT a.reporting_year AS year FROM allocations a
       LEFT JOIN certificates c ON c.organization_id = a.organization_id AND c.id = a.certificate_id
       WHERE a.organization_id = $1 AND (a.facility_id = $2 OR c.facility_id = $2)`,
      [organizationId, facilityId],
    );
    const meters: { meter_id: string }[] = await em.query(
      'SELECT meter_id FROM facility_meters WHERE organization_id = $1 AND facility_id = $2',
      [organizationId, facilityId],
    );
    const measured = await this.yearsOfMeters(
      em,
      organizationId,
      meters.map((m) => m.meter_id),
    );
    return [...new Set([...claimed, ...measured])].sort((a, b) => a - b);
  }

  /** Years of the contract's claims and of its facilities' figures. */
  async yearsOfContract(em: EntityManager, organizationId: string, contractId: string): Promise<number[]> {
    const claimed = await this.years(
      em,
      `SELECT DISTINCT a.reporting_year AS year FROM allocations a
       LEFT JOIN certificates c ON c.organization_id = a.organization_id AND c.id = a.certificate_id
       WHERE a.organization_id = $1 AND (a.contract_id = $2 OR c.contract_id = $2)`,
      [organizationId, contractId],
    );
    const facilities: { facility_id: string }[] = await em.query(
      'SELECT facility_id FROM contract_facilities WHERE organization_id = $1 AND contract_id = $2',
      [organizationId, contractId],
    );
    const years = new Set(claimed);
    // One after the other: the queries share the transaction's connection.
    for (const f of facilities) {
      for (const year of await this.yearsOfFacility(em, organizationId, f.facility_id)) years.add(year);
    }
    return [...years].sort((a, b) => a - b);
  }

  private async years(em: EntityManager, sql: string, parameters: unknown[]): Promise<number[]> {
    const rows: { year: number }[] = await em.query(sql, parameters);
    return rows.map((r) => Number(r.year)).sort((a, b) => a - b);
  }
}
