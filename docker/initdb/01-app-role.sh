#!/bin/sh
# Runs once, when the database volume is created: the role the service works as. It can only sign in;
# what it may touch is granted by the service after its migrations (src/database/app-privileges.ts).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  -v app_password="$RE100_APP_PASSWORD" <<'SQL'
CREATE ROLE re100_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'app_password';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
