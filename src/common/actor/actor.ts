import { createParamDecorator, ExecutionContext } from '@nestjs/common';

export const ROLES = ['front_desk', 'agent', 'supervisor', 'manager', 'admin'] as const;
export type StaffRole = (typeof ROLES)[number];
export type ActorRole = StaffRole | 'integration' | 'system';

/** Who does something: a staff user, an integration's API key, or the system itself (jobs). */
export interface Actor {
  type: 'user' | 'api_key' | 'system';
  id: string | null;
  role: ActorRole;
  name?: string;
}

export const SYSTEM_ACTOR: Actor = { type: 'system', id: null, role: 'system', name: 'system' };

export type RequestWithActor = { actor?: Actor };

/** The authenticated caller, set on the request by the auth guard. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<RequestWithActor>();
  return req.actor ?? SYSTEM_ACTOR;
});
