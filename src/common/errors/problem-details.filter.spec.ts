import { QueryFailedError } from 'typeorm';
import { constraintFields, databaseProblem } from './problem-details.filter';

const pgError = (fields: Record<string, string>) => new QueryFailedError('INSERT INTO "users" …', [], Object.assign(new Error('refused'), fields));

describe('database refusals as problems', () => {
  it('derives API fields from the detail or the constraint name', () => {
    expect(constraintFields({ detail: 'Key (email)=(a@b.c) already exists.' })).toEqual(['email']);
    expect(constraintFields({ detail: 'Key (external_ref)=(139) already exists.' })).toEqual(['externalRef']);
    expect(constraintFields({ detail: 'Key (scope, key)=(x, y) already exists.' })).toEqual(['scope', 'key']);
    expect(constraintFields({ detail: 'Key (lower(email::text))=(x) already exists.' })).toEqual(['email']);
    expect(constraintFields({ constraint: 'uq_customers_external_ref', table: 'customers' })).toEqual(['externalRef']);
    expect(constraintFields({})).toEqual([]);
  });

  it('a taken unique key is 409 naming the field, without the value', () => {
    const problem = databaseProblem(pgError({ code: '23505', detail: 'Key (email)=(li.na@example.com) already exists.', constraint: 'uq_users_email', table: 'users' }));
    expect(problem).toMatchObject({ status: 409, code: 'conflict', errors: [{ field: 'email', message: 'email is already taken' }] });
    expect(JSON.stringify(problem)).not.toContain('li.na@example.com');
  });

  it('a missing referenced row is 400, a still-referenced one 409, a bad value 400, a deadlock 409', () => {
    expect(databaseProblem(pgError({ code: '23503', detail: 'Key (supervisor_id)=(x) is not present in table "users".' }))).toMatchObject({
      status: 400,
      errors: [{ field: 'supervisorId' }],
    });
    expect(databaseProblem(pgError({ code: '23503', detail: 'Key (id)=(x) is still referenced from table "complaints".' }))).toMatchObject({ status: 409 });
    expect(databaseProblem(pgError({ code: '22021' }))).toMatchObject({ status: 400, code: 'validation_failed' });
    expect(databaseProblem(pgError({ code: '40P01' }))).toMatchObject({ status: 409 });
    expect(databaseProblem(pgError({ code: '57014' }))).toBeNull();
  });
});
