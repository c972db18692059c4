import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { FactorKind, FactorRow } from './factor-set';
import { factorInsert } from './factor-insert';
import { CURRENT_DEFAULT_FACTOR_SET_UUID } from './reference/current-default-factors';

export type FactorSetScope = 'reference' | 'organization';

/** A factor set as the API shows it: a shipped reference set or one the organization loaded. */
export interface FactorSetRecord {
  id: string;
  scope: FactorSetScope;
  name: string;
  version: string;
  description: string;
  /** How an organization's set arrived; null for reference sets. */
  sourceFormat: 'csv' | 'json' | null;
  rowCount: number;
  createdAt: Date;
  createdBy: string | null;
}

export interface NewFactorSet {
  id: string;
  name: string;
  version: string;
  description: string;
  sourceFormat: 'csv' | 'json';
  createdBy: string | null;
}

export interface FactorSelectionRecord {
  setId: string;
  selectedAt: Date;
  selectedBy: string | null;
}

/** The set a reporting year uses, with whether the organization chose it (C-3). */
export interface ResolvedSelection {
  year: number;
  set: FactorSetRecord;
  explicit: boolean;
  selectedAt: Date | null;
  selectedBy: string | null;
}

export interface FactorFilter {
  region?: string;
  kind?: FactorKind;
  limit: number;
  offset: number;
}

const FACTOR_INSERT = factorInsert('emission_factors', ['organization_id', 'factor_set_id']);
const FACTOR_COLUMNS = `id, source, edition, data_year, region, kind, value::text AS value, unit, gas, verified, note`;

/** Reference sets and the organization's own, one list (reference first). `$1` is the organization. */
const SETS = `
  SELECT s.id, 'reference' AS scope, s.name, s.version, s.description, NULL::text AS source_format,
         s.created_at, NULL::uuid AS created_by,
         (SELECT count(*) FROM reference.emission_factors f WHERE f.factor_set_id = s.id)::int AS row_count
  FROM reference.emission_factor_sets s
  UNION ALL
  SELECT s.id, 'organization', s.name, s.version, s.description, s.source_format, s.created_at, s.created_by,
         (SELECT count(*) FROM emission_factors f
          WHERE f.organization_id = s.organization_id AND f.factor_set_id = s.id)::int
  FROM emission_factor_sets s WHERE s.organization_id = $1`;

const setRecord = (r: Record<string, unknown>): FactorSetRecord => ({
  id: r.id as string,
  scope: r.scope as FactorSetScope,
  name: r.name as string,
  version: r.version as string,
  description: r.description as string,
  sourceFormat: r.source_format as 'csv' | 'json' | null,
  rowCount: r.row_count as number,
  createdAt: r.created_at as Date,
  createdBy: r.created_by as string | null,
});

const factorRow = (r: Record<string, unknown>): FactorRow =>
  Object.freeze({
    id: r.id as string,
    source: r.source as string,
    edition: r.edition as string,
    dataYear: r.data_year as number,
    region: r.region as string,
    kind: r.kind as FactorRow['kind'],
    value: r.value as string,
    unit: r.unit as FactorRow['unit'],
    gas: r.gas as FactorRow['gas'],
    verified: r.verified as boolean,
    note: r.note as string,
  });

/** SQL of emission factor sets, their rows and the choice per reporting year (C-4). */
@Injectable()
export class EmissionFactorsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async listSets(
    organizationId: string,
    page: { limit: number; offset: number },
  ): Promise<{ items: FactorSetRecord[]; total: number }> {
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT *, count(*) OVER ()::int AS total FROM (${SETS}) sets
       ORDER BY scope = 'organization', name, version, id LIMIT $2 OFFSET $3`,
      [organizationId, page.limit, page.offset],
    );
    const total = rows.length
      ? (rows[0].total as number)
      : ((await this.dataSource.query(`SELECT count(*)::int AS n FROM (${SETS}) sets`, [organizationId]))[0]
          .n as number);
    return { items: rows.map(setRecord), total };
  }

  /** A reference set or one of the organization's sets; null for anything else (another organization's). */
  async findSet(
    organizationId: string,
    id: string,
    em: EntityManager = this.dataSource.manager,
  ): Promise<FactorSetRecord | null> {
    const [row] = await em.query(`SELECT * FROM (${SETS}) sets WHERE id = $2`, [organizationId, id]);
    return row ? setRecord(row) : null;
  }

  /** Every row of a set, by id, ready for `computeScope2`. */
  async factorRows(
    organizationId: string,
    set: FactorSetRecord,
    em: EntityManager = this.dataSource.manager,
  ): Promise<FactorRow[]> {
    const rows: Record<string, unknown>[] =
      set.scope === 'reference'
        ? await em.query(
            `SELECT ${FACTOR_COLUMNS} FROM reference.emission_factors WHERE factor_set_id = $1 ORDER BY id`,
            [set.id],
          )
        : await em.query(
            `SELECT ${FACTOR_COLUMNS} FROM emission_factors
             WHERE organization_id = $1 AND factor_set_id = $2 ORDER BY id`,
            [organizationId, set.id],
          );
    return rows.map(factorRow);
  }

  async factorPage(
    organizationId: string,
    set: FactorSetRecord,
    filter: FactorFilter,
  ): Promise<{ items: FactorRow[]; total: number }> {
    const reference = set.scope === 'reference';
    const rows: Record<string, unknown>[] = await this.dataSource.query(
      `SELECT ${FACTOR_COLUMNS}, count(*) OVER ()::int AS total
       FROM ${reference ? 'reference.emission_factors' : 'emission_factors'}
       WHERE factor_set_id = $2 AND ${reference ? '$1::uuid IS NOT NULL' : 'organization_id = $1'}
         AND ($3::text IS NULL OR region = $3) AND ($4::text IS NULL OR kind = $4)
       ORDER BY id LIMIT $5 OFFSET $6`,
      [organizationId, set.id, filter.region ?? null, filter.kind ?? null, filter.limit, filter.offset],
    );
    const total = rows.length
      ? (rows[0].total as number)
      : filter.offset === 0
        ? 0
        : (await this.factorPage(organizationId, set, { ...filter, offset: 0, limit: 1 })).total;
    return { items: rows.map(factorRow), total };
  }

  async nameTaken(
    em: EntityManager,
    organizationId: string,
    name: string,
    version: string,
  ): Promise<boolean> {
    const [row] = await em.query(
      `SELECT 1 FROM emission_factor_sets WHERE organization_id = $1 AND name = $2 AND version = $3`,
      [organizationId, name, version],
    );
    return row !== undefined;
  }

  async insertSet(
    em: EntityManager,
    organizationId: string,
    set: NewFactorSet,
    rows: readonly FactorRow[],
  ): Promise<void> {
    await em.query(
      `INSERT INTO emission_factor_sets (organization_id, id, name, version, description, source_format, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [organizationId, set.id, set.name, set.version, set.description, set.sourceFormat, set.createdBy],
    );
    await em.query(FACTOR_INSERT.sql, [organizationId, set.id, ...FACTOR_INSERT.params(rows)]);
  }

  /** The organization's explicit choice for a year, or null (then the shipped defaults apply). */
  async selection(
    organizationId: string,
    year: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<FactorSelectionRecord | null> {
    const [row] = await em.query(
      `SELECT coalesce(factor_set_id, reference_set_id) AS set_id, selected_at, selected_by
       FROM emission_factor_selections WHERE organization_id = $1 AND reporting_year = $2`,
      [organizationId, year],
    );
    return row ? { setId: row.set_id, selectedAt: row.selected_at, selectedBy: row.selected_by } : null;
  }

  /** The year's set: the organization's choice, else the current shipped defaults. */
  async resolve(
    organizationId: string,
    year: number,
    em: EntityManager = this.dataSource.manager,
  ): Promise<ResolvedSelection> {
    const chosen = await this.selection(organizationId, year, em);
    const setId = chosen?.setId ?? CURRENT_DEFAULT_FACTOR_SET_UUID;
    const set = await this.findSet(organizationId, setId, em);
    // Sets are never deleted (C-4) and the defaults are seeded by the migrations.
    if (!set) throw new Error(`factor set ${setId} is missing`);
    return {
      year,
      set,
      explicit: chosen !== null,
      selectedAt: chosen?.selectedAt ?? null,
      selectedBy: chosen?.selectedBy ?? null,
    };
  }

  async saveSelection(
    em: EntityManager,
    organizationId: string,
    year: number,
    set: FactorSetRecord,
    selectedBy: string | null,
  ): Promise<FactorSelectionRecord> {
    const own = set.scope === 'organization';
    const [row] = await em.query(
      `INSERT INTO emission_factor_selections (organization_id, reporting_year, factor_set_id, reference_set_id, selected_by)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (organization_id, reporting_year) DO UPDATE SET factor_set_id = EXCLUDED.factor_set_id,
         reference_set_id = EXCLUDED.reference_set_id, selected_at = now(), selected_by = EXCLUDED.selected_by
       RETURNING selected_at, selected_by`,
      [organizationId, year, own ? set.id : null, own ? null : set.id, selectedBy],
    );
    return { setId: set.id, selectedAt: row.selected_at, selectedBy: row.selected_by };
  }
}
