import { permissionFor } from '../auth/permissions';
import { Actor, SYSTEM_ACTOR } from '../common/actor/actor';
import { ACKNOWLEDGE_ROUTE, canWorkComplaint, TRANSITION_ROUTE } from './complaint-access.policy';

const user = (role: Actor['role'], id = 'u1'): Actor => ({ type: 'user', id, role, name: role });
const TRIAGE_ROUTE = 'PUT /api/v1/complaints/:id/triage';

describe('canWorkComplaint', () => {
  it('names routes of the permission table', () => {
    for (const key of [ACKNOWLEDGE_ROUTE, TRANSITION_ROUTE]) expect(permissionFor(key)).toBeDefined();
  });

  it('lets an agent work only complaints assigned to him', () => {
    for (const route of [ACKNOWLEDGE_ROUTE, TRANSITION_ROUTE, TRIAGE_ROUTE]) {
      expect(canWorkComplaint(user('agent', 'a1'), { assigneeId: 'a1' }, route)).toBe(true);
      expect(canWorkComplaint(user('agent', 'a1'), { assigneeId: 'a2' }, route)).toBe(false);
      expect(canWorkComplaint(user('agent', 'a1'), { assigneeId: null }, route)).toBe(false);
    }
  });

  it('lets front desk acknowledge and transition only the complaints it took in (assigned to it), and triage any', () => {
    for (const route of [ACKNOWLEDGE_ROUTE, TRANSITION_ROUTE]) {
      expect(canWorkComplaint(user('front_desk', 'f1'), { assigneeId: 'f1' }, route)).toBe(true);
      expect(canWorkComplaint(user('front_desk', 'f1'), { assigneeId: 'a2' }, route)).toBe(false);
    }
    expect(canWorkComplaint(user('front_desk', 'f1'), { assigneeId: 'a2' }, TRIAGE_ROUTE)).toBe(true);
  });

  it('an own-role actor without an id never matches an unassigned complaint', () => {
    expect(canWorkComplaint({ type: 'user', id: null, role: 'agent' }, { assigneeId: null }, TRANSITION_ROUTE)).toBe(false);
  });

  it('leaves other roles to the route table', () => {
    for (const role of ['supervisor', 'manager', 'admin'] as const) {
      for (const route of [ACKNOWLEDGE_ROUTE, TRANSITION_ROUTE, TRIAGE_ROUTE]) expect(canWorkComplaint(user(role), { assigneeId: 'someone-else' }, route)).toBe(true);
    }
    expect(canWorkComplaint({ type: 'api_key', id: 'k', role: 'integration' }, { assigneeId: null }, TRANSITION_ROUTE)).toBe(true);
    expect(canWorkComplaint(SYSTEM_ACTOR, { assigneeId: 'x' }, TRANSITION_ROUTE)).toBe(true);
  });
});
