import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface SiteRecord {
  siteId: string;
  name: string;
  country: string;
  gridRegion: string | null;
  /** The site's supplier-specific factor id (S2-MB-1), if it names one. */
  supplierFactorId: string | null;
  excludedFromRe100: boolean;
}

/**
 * The SQL Scope 2 needs beyond the RE100 inputs (`Re100InputsRepository`: consumption, claims, meter totals,
 * claim sources): each site's name and grid region (S2-LB-1).
 */
@Injectable()
export class Scope2InputsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async sites(organizationId: string): Promise<SiteRecord[]> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT id, name, country, grid_region, supplier_factor_id, excluded_from_re100 FROM sites
       WHERE organization_id = $1 ORDER BY id`,
      [organizationId],
    );
    return rows.map((r) => ({
      siteId: r.id as string,
      name: r.name as string,
      country: r.country as string,
      gridRegion: r.grid_region as string | null,
      supplierFactorId: r.supplier_factor_id as string | null,
      excludedFromRe100: r.excluded_from_re100 as boolean,
    }));
  }
}
