import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsMarkdown } from './print-permissions';

describe('README.access.md permission table', () => {
  it('is the table the guard enforces (regenerate with npm run permissions:readme)', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.access.md'), 'utf8');
    expect(readme).toContain(permissionsMarkdown());
  });
});
