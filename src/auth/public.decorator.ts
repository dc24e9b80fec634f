import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'access:isPublic';

/** Marks a handler (or controller) as open to callers without credentials. Prefer PUBLIC_ROUTES in permissions.ts. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
