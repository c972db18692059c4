import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * RE100-MB-3: boundary membership is dated rows, and a country may leave a market and rejoin it later: two rows
 * of the same (ruleset, country, market) with a gap between them. The primary key (ruleset, country, market)
 * allowed only one. Now a row is identified by its start as well (an open start, null, counts as one value),
 * and the database refuses two rows of a country in one ruleset whose periods overlap (valid_from inclusive,
 * valid_to exclusive, null open-ended: the engine's reading, `boundaryProblems` in
 * src/re100/engine/market-boundaries.ts), so a country is never in two markets on one day. The exclusion uses
 * btree_gist, which the Procurement migration already requires.
 */
export class MarketBoundaryPeriods1765000000001 implements MigrationInterface {
  name = 'MarketBoundaryPeriods1765000000001';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE market_boundaries
        DROP CONSTRAINT market_boundaries_pkey,
        ADD CONSTRAINT market_boundaries_period_key UNIQUE NULLS NOT DISTINCT (ruleset, country, market, valid_from),
        ADD CONSTRAINT market_boundaries_periods_do_not_overlap
          EXCLUDE USING gist (ruleset WITH =, country WITH =, daterange(valid_from, valid_to, '[)') WITH &&)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    const rejoined: { ruleset: string; country: string; market: string }[] = await q.query(
      `SELECT ruleset, country, market FROM market_boundaries
       GROUP BY ruleset, country, market HAVING count(*) > 1 ORDER BY 1, 2, 3`,
    );
    if (rejoined.length > 0) {
      const which = rejoined.map((r) => `${r.ruleset} ${r.country} ${r.market}`).join(', ');
      throw new Error(
        `Cannot revert ${this.name}: the earlier key holds one period per ruleset, country and market, and ` +
          `these have several: ${which}`,
      );
    }
    await q.query(`
      ALTER TABLE market_boundaries
        DROP CONSTRAINT market_boundaries_periods_do_not_overlap,
        DROP CONSTRAINT market_boundaries_period_key,
        ADD PRIMARY KEY (ruleset, country, market)`);
  }
}
