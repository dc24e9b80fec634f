import { Actor, SYSTEM_ACTOR } from '../common/actor/actor';
import { canWorkComplaint } from './complaint-access.policy';

const user = (role: Actor['role'], id = 'u1'): Actor => ({ type: 'user', id, role, name: role });

describe('canWorkComplaint', () => {
  it('lets an agent work only complaints assigned to him', () => {
    expect(canWorkComplaint(user('agent', 'a1'), { assigneeId: 'a1' })).toBe(true);
    expect(canWorkComplaint(user('agent', 'a1'), { assigneeId: 'a2' })).toBe(false);
    expect(canWorkComplaint(user('agent', 'a1'), { assigneeId: null })).toBe(false);
  });

  it('an agent-role actor without an id never matches an unassigned complaint', () => {
    expect(canWorkComplaint({ type: 'user', id: null, role: 'agent' }, { assigneeId: null })).toBe(false);
  });

  it('leaves other roles to the route table', () => {
    for (const role of ['front_desk', 'supervisor', 'manager', 'admin'] as const) {
      expect(canWorkComplaint(user(role), { assigneeId: 'someone-else' })).toBe(true);
    }
    expect(canWorkComplaint({ type: 'api_key', id: 'k', role: 'integration' }, { assigneeId: null })).toBe(true);
    expect(canWorkComplaint(SYSTEM_ACTOR, { assigneeId: 'x' })).toBe(true);
  });
});
