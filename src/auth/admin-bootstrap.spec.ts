import { adminPasswordProblem, DEFAULT_ADMIN_PASSWORD } from './admin-bootstrap.service';

describe('bootstrap admin password', () => {
  it('refuses the default or a short password in production only', () => {
    expect(adminPasswordProblem('production', DEFAULT_ADMIN_PASSWORD)).toMatch(/default/);
    expect(adminPasswordProblem('production', 'short-pw-11')).toMatch(/12 characters/);
    expect(adminPasswordProblem('production', 'a-long-enough-pw')).toBeNull();
    expect(adminPasswordProblem('development', DEFAULT_ADMIN_PASSWORD)).toBeNull();
    expect(adminPasswordProblem('test', 'x')).toBeNull();
  });
});
