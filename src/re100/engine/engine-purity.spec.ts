import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The engine is a pure calculator (style.md §11): its source imports nothing but its own files. */
describe('RE100 engine purity', () => {
  const sources = readdirSync(__dirname).filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'));

  it.each(sources)('%s imports only engine files', (file) => {
    const imports = [...readFileSync(join(__dirname, file), 'utf8').matchAll(/from '([^']+)'/g)].map(
      (m) => m[1],
    );
    expect(imports.filter((path) => !path.startsWith('./'))).toEqual([]);
  });
});
