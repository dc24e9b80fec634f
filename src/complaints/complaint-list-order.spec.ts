import { afterCursor, COMPLAINT_SORTS, encodeListCursor, orderBy } from './complaint-list-order';
import { promisedOf } from './complaints.service';

const row = { id: '6f1c1f7e-7f0e-4a43-9d4c-2a8f3c9b1d11', createdAt: new Date('2026-11-24T08:00:00.123Z'), priority: 'P2', nextDue: new Date('2026-11-24T12:00:00Z') };

describe('complaint list orders and cursors', () => {
  const params = () => {
    const values: unknown[] = [];
    return { values, p: (v: unknown) => (values.push(v), `$${values.length}`) };
  };

  it.each(COMPLAINT_SORTS)('%s: a cursor it issues leads past its row', (sort) => {
    const { values, p } = params();
    const cond = afterCursor(sort, encodeListCursor(sort, row), p);
    expect(cond).toMatch(sort === '-createdAt' ? /</ : />/);
    expect(values).toContain(row.id);
    expect(orderBy(sort)).toMatch(/c\.id/);
  });

  it('priority continues within the priority, oldest first', () => {
    const { values, p } = params();
    expect(afterCursor('priority', encodeListCursor('priority', row), p)).toBe('(c.priority, c.created_at, c.id) > ($1, $2, $3)');
    expect(values).toEqual(['P2', row.createdAt, row.id]);
  });

  it('a complaint without a deadline sorts last by dueAt', () => {
    const { values, p } = params();
    afterCursor('dueAt', encodeListCursor('dueAt', { ...row, nextDue: new Date(Infinity) }), p);
    expect(values[0]).toBe('infinity');
  });

  it('refuses a cursor of another order or a forged one', () => {
    const p = (v: unknown) => String(v);
    expect(() => afterCursor('priority', encodeListCursor('createdAt', row), p)).toThrow();
    expect(() => afterCursor('dueAt', Buffer.from(JSON.stringify({ s: 'dueAt', v: "1'; drop", id: row.id })).toString('base64url'), p)).toThrow();
    expect(() => afterCursor('createdAt', 'not-a-cursor', p)).toThrow();
    expect(afterCursor('createdAt', undefined, p)).toBeNull();
  });

  it('promises a first response while new, a resolution while open, nothing after', () => {
    const c = { acknowledgeBy: new Date('2026-11-24T09:00:00Z'), resolveBy: new Date('2026-11-25T08:00:00Z'), desiredOutcome: '退款' };
    expect(promisedOf({ ...c, status: 'new' })).toEqual({ what: 'first_response', by: '2026-11-24T09:00:00.000Z', desiredOutcome: '退款' });
    expect(promisedOf({ ...c, status: 'pending_customer' })).toEqual({ what: 'resolution', by: '2026-11-25T08:00:00.000Z', desiredOutcome: '退款' });
    expect(promisedOf({ ...c, status: 'resolved' })).toEqual({ what: null, by: null, desiredOutcome: '退款' });
  });
});
