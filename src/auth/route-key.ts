import { RequestMethod, Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { routeKey } from './permissions';

const first = (value: unknown): string => (Array.isArray(value) ? String(value[0] ?? '') : value === undefined ? '' : String(value));

/** `METHOD /controller/path/:id` of a handler, from the metadata Nest maps the route with. Null when it is no route. */
export function routeKeyOf(controller: Type<unknown> | Function, handler: Function): string | null {
  const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as unknown;
  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (methodPath === undefined || method === undefined) return null;
  const controllerPath = first(Reflect.getMetadata(PATH_METADATA, controller));
  return routeKey(RequestMethod[method], `${controllerPath}/${first(methodPath)}`);
}

/** Every route key the given controller classes map. */
export function routeKeysOfControllers(controllers: Function[]): string[] {
  const keys: string[] = [];
  for (const controller of controllers) {
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor') continue;
      const handler = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (typeof handler !== 'function') continue;
      const key = routeKeyOf(controller, handler as Function);
      if (key) keys.push(key);
    }
  }
  return keys;
}
