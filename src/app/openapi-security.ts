import type { OpenAPIObject } from '@nestjs/swagger';
import { decide, normalisePath, permissionFor } from '../auth/permissions';

export const BEARER_SCHEME = 'bearer';
export const API_KEY_SCHEME = 'apiKey';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** `/api/v1/complaints/{id}` → `/api/v1/complaints/:id` */
const toNestPath = (openApiPath: string) => normalisePath(openApiPath.replace(/\{([^}]+)\}/g, ':$1'));

/**
 * Writes the permission table into the OpenAPI document: public operations get no security,
 * staff-only operations the bearer scheme, operations open to integrations bearer or API key;
 * each operation's description names the roles allowed.
 */
export function applyAccessToOpenApi(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, { security?: unknown; description?: string } | undefined>)[method];
      if (!op) continue;
      const key = `${method.toUpperCase()} ${toNestPath(path)}`;
      if (decide(key, null) === 'public') {
        op.security = [];
        op.description = [op.description, 'Public: no token or key needed.'].filter(Boolean).join('\n\n');
        continue;
      }
      const entry = permissionFor(key);
      if (!entry) continue;
      op.security = entry.roles.includes('integration') ? [{ [BEARER_SCHEME]: [] }, { [API_KEY_SCHEME]: [] }] : [{ [BEARER_SCHEME]: [] }];
      const own = entry.ownComplaintsOnly?.length ? ` (${entry.ownComplaintsOnly.join(', ')}: own complaints only)` : '';
      op.description = [op.description, `Roles: ${entry.roles.join(', ')}${own}.`].filter(Boolean).join('\n\n');
    }
  }
  return document;
}
