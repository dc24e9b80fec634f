import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { permissionsMarkdown } from './print-permissions';

describe('README.md permission table', () => {
  it('is the table the guard enforces (regenerate with npm run permissions:readme)', () => {
    const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');
    expect(readme).toContain(permissionsMarkdown());
  });
});
