import { Client } from 'pg';

/** The role a connection URL signs in as. */
export const roleOf = (url: string): string => decodeURIComponent(new URL(url).username);

/** The URL with another role and password, same server and database. */
export function withRole(url: string, role: string, password: string): string {
  const next = new URL(url);
  next.username = encodeURIComponent(role);
  next.password = encodeURIComponent(password);
  return next.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates or updates a role that can sign in and do nothing else: not a superuser, creates no databases or
 * roles, no replication, subject to row security; its password is set anew each time (the caller keeps it).
 * What it may touch is granted separately (app-privileges.ts).
 */
export async function ensureLoginRole(superuserUrl: string, role: string, password: string): Promise<void> {
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
    const options = `LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS NOINHERIT PASSWORD ${client.escapeLiteral(password)}`;
    await client.query(`${rowCount ? 'ALTER' : 'CREATE'} ROLE ${quoteIdent(role)} WITH ${options}`);
  } finally {
    await client.end();
  }
}
