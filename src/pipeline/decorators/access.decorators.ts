import { type ClassOrMethodDecorator, SetMetadata } from './set-metadata.decorator';

/**
 * The OAuth scopes a caller's token needs (all of them). A caller without them does not see the
 * component in lists; calling it asks for the scopes (HTTP 403 insufficient_scope, step-up).
 * On a method it replaces the class's requirement. Read it with `ctx.getMetadata(RequireScopes)`.
 */
export function RequireScopes(...scopes: string[]): ClassOrMethodDecorator {
  return SetMetadata(RequireScopes, scopes);
}

/**
 * Needs no scopes even where the class requires some. Guards of your own can honour it too:
 * `if (ctx.getMetadata(Public)) return true`.
 */
export function Public(): ClassOrMethodDecorator {
  return SetMetadata(Public, true);
}
