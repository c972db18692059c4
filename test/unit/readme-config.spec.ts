import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES } from '../../src/config/app-config';

describe('README configuration table', () => {
  const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const documented = [...readme.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);

  it('documents every environment variable the service reads, and no other', () => {
    expect([...documented].sort()).toEqual(CONFIG_VARIABLES.map((v) => v.env).sort());
  });
});
