import type * as Swagger from '@nestjs/swagger';

type SwaggerLib = typeof Swagger;
type AnyDecorator = (target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => void;

/** Decorator uses recorded at load, waiting for a process that serves /docs. */
const pending: ((swagger: SwaggerLib) => void)[] = [];

/**
 * OpenAPI metadata that costs nothing until a process serves /docs. @nestjs/swagger's decorators
 * load the whole package (lodash, js-yaml: about 4 MB of a `mailgate mailbox` process, which
 * serves no /docs), so the controllers a mailbox process loads take their decorators from here:
 * each use is recorded as data and applied to its class by `applyOpenApi`, just before the
 * document is built (app.ts). Nest's own decorators never replace a method, so the descriptor
 * read then is the one the decorator would have seen.
 */
export function onOpenApi(apply: (swagger: SwaggerLib) => void): void {
  pending.push(apply);
}

/** Applies every recorded use (once); called with the loaded @nestjs/swagger before createDocument. */
export function applyOpenApi(swagger: SwaggerLib): void {
  for (const apply of pending.splice(0)) apply(swagger);
}

function deferred<A extends unknown[]>(pick: (swagger: SwaggerLib) => (...args: A) => unknown) {
  return (...args: A): AnyDecorator =>
    (target, key) =>
      onOpenApi((swagger) => {
        const decorator = pick(swagger)(...args) as AnyDecorator;
        if (key === undefined) decorator(target);
        else decorator(target, key, Object.getOwnPropertyDescriptor(target, key));
      });
}

export const ApiTags = deferred((s) => s.ApiTags);
export const ApiOperation = deferred((s) => s.ApiOperation);
export const ApiProduces = deferred((s) => s.ApiProduces);
export const ApiExcludeController = deferred((s) => s.ApiExcludeController);
