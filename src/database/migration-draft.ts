import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

export interface DraftSql {
  upQueries: { query: string }[];
  downQueries: { query: string }[];
}

/** The SQL that would bring the schema at `url` to the entities' shape: a draft to read, never to run blindly. */
export async function draftMigration(url: string): Promise<DraftSql> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    return withoutHandWrittenObjects(await dataSource.driver.createSchemaBuilder().log());
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Checks, composite foreign keys, partial and expression indexes and triggers are written by hand in the
 * migrations; the entities do not model them, so TypeORM would draft their removal. Those drafts are dropped
 * here (with the matching re-creations in `down`), leaving only real drift between entities and schema.
 */
function withoutHandWrittenObjects(sql: DraftSql): DraftSql {
  const dropped = new Set<string>();
  for (const { query } of sql.upQueries) {
    const match = /^ALTER TABLE "[^"]+" DROP CONSTRAINT "([^"]+)"$|^DROP INDEX "[^"]+"\."([^"]+)"$/.exec(
      query,
    );
    if (match) dropped.add(match[1] ?? match[2]);
  }
  const recreates = (query: string) =>
    [...dropped].some(
      (name) => query.includes(`ADD CONSTRAINT "${name}"`) || query.includes(`INDEX "${name}"`),
    );
  return {
    upQueries: sql.upQueries.filter(({ query }) => ![...dropped].some((name) => query.endsWith(`"${name}"`))),
    downQueries: sql.downQueries.filter(({ query }) => !recreates(query)),
  };
}
