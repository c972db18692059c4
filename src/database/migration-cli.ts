import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { connectDatabase } from './database-connection';
import { dataSourceOptions } from './data-source-options';
import { revertLastMigration, runMigrations } from './migrate';
import { draftMigration } from './migration-draft';

/* eslint-disable no-console -- a command-line tool talks on the console */

const USAGE = 'usage: migration-cli run | revert | show | generate <PascalCaseName>';

/** Writes a migration with the SQL that brings the database to the entities' shape, for review by hand. */
async function generate(url: string, name: string): Promise<void> {
  if (!/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error(`the migration name must be PascalCase. ${USAGE}`);
  await runMigrations(url);
  const sql = await draftMigration(url);
  if (sql.upQueries.length === 0) {
    console.log('The entities match the schema: no migration generated.');
    return;
  }
  const timestamp = Date.now();
  const toLines = (queries: { query: string }[]) =>
    queries.map((q) => `    await queryRunner.query(${JSON.stringify(q.query)});`).join('\n');
  const file = path.join(process.cwd(), 'migrations', `${timestamp}-${name}.ts`);
  await writeFile(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';\n\n` +
      `export class ${name}${timestamp} implements MigrationInterface {\n` +
      `  name = '${name}${timestamp}';\n\n` +
      `  public async up(queryRunner: QueryRunner): Promise<void> {\n${toLines(sql.upQueries)}\n  }\n\n` +
      `  public async down(queryRunner: QueryRunner): Promise<void> {\n${toLines(sql.downQueries.reverse())}\n  }\n}\n`,
  );
  console.log(`Generated ${path.relative(process.cwd(), file)}: read it before committing.`);
}

async function show(url: string): Promise<void> {
  const dataSource = new DataSource(dataSourceOptions(url, 2));
  await dataSource.initialize();
  try {
    const [{ exists }] = await dataSource.query(
      "SELECT to_regclass('schema_migrations') IS NOT NULL AS exists",
    );
    const rows: { name: string }[] = exists
      ? await dataSource.query('SELECT name FROM schema_migrations')
      : [];
    const applied = new Set(rows.map((row) => row.name));
    for (const migration of dataSource.migrations) {
      console.log(`${applied.has(migration.name ?? '') ? '[X]' : '[ ]'} ${migration.name}`);
    }
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const [command, name] = process.argv.slice(2);
  const database = await connectDatabase(loadConfig(), (line) => console.log(line));
  try {
    switch (command) {
      case 'run': {
        const applied = await runMigrations(database.migrationUrl, database.url);
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'No pending migrations.');
        break;
      }
      case 'revert':
        await revertLastMigration(database.migrationUrl);
        console.log('Reverted the last migration.');
        break;
      case 'show':
        await show(database.migrationUrl);
        break;
      case 'generate':
        await generate(database.migrationUrl, name ?? '');
        break;
      default:
        throw new Error(USAGE);
    }
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
