import type { Handler, Invocation } from '../components/handler';
import { CONTEXT_PARAMETER } from '../metadata/keys';
import { MetadataReader } from '../metadata/metadata-reader';
import type { Constructor, ParamBinding } from '../metadata/types';
import { MISSING_METADATA_CAUSES, OBJECT_TYPE_CAUSES } from './decorator-metadata';
import { DefinitionError } from './definition-error';

const NOT_A_DTO = new Set<unknown>([String, Number, Boolean, Object, Array, Function, Promise, Date, Map, Set, Symbol]);

export interface BoundMethod {
  handler: Handler;
  /** The DTO class of the `@Args` parameter, if it has one typed by a class. */
  dto?: Constructor;
  /** Whether some parameter receives the input at all (raw-schema tools bind it untyped). */
  takesArgs: boolean;
  uriParams: string[];
}

export interface BindRules {
  /** Which bindings the member kind allows; resources take URI variables, tools and prompts a DTO. */
  allowArgs: boolean;
  allowUriParams: boolean;
  /** The input may be untyped because a raw JSON Schema describes it. */
  untypedArgsOk: boolean;
}

/**
 * Works out, once at start-up, how each parameter of a user method is filled: the validated DTO,
 * the McpContext, or a URI variable. What cannot be bound is a DefinitionError now, not a crash
 * on the first call.
 */
export function bindMethod(
  serverClass: Function,
  method: string,
  rules: BindRules,
  instance: () => Record<string, (...args: unknown[]) => unknown>,
): BoundMethod {
  const owner = `${serverClass.name}.${method}`;
  const prototype = serverClass.prototype;
  if (typeof prototype[method] !== 'function') throw new DefinitionError(owner, 'is not a method');
  const emitted = MetadataReader.paramTypes(prototype, method);
  const types = emitted ?? [];
  const explicit = MetadataReader.params(prototype, method);
  const count = Math.max(prototype[method].length, types.length, ...[...explicit.keys()].map((i) => i + 1));

  const resolvers: ((invocation: Invocation) => unknown)[] = [];
  let dto: Constructor | undefined;
  let takesArgs = false;
  const uriParams: string[] = [];
  for (let index = 0; index < count; index++) {
    const binding = explicit.get(index) ?? implicitBinding(types[index]);
    const where = `${owner} parameter #${index}`;
    if (!binding && emitted === undefined) {
      throw new DefinitionError(
        owner,
        `parameter #${index} cannot be bound because the method has no decorator metadata: ${MISSING_METADATA_CAUSES}`,
      );
    }
    if (!binding) {
      throw new DefinitionError(
        owner,
        `parameter #${index} (${typeName(types[index])}) cannot be bound: type it with a DTO class or McpContext, or mark it with @Args(), @Ctx() or @UriParam('name')`,
      );
    }
    if (binding.kind === 'ctx') resolvers.push((invocation) => invocation.ctx);
    if (binding.kind === 'uriParam') {
      if (!rules.allowUriParams) throw new DefinitionError(where, '@UriParam is only for @Resource methods');
      uriParams.push(binding.name);
      resolvers.push((invocation) => invocation.uriParams?.[binding.name]);
    }
    if (binding.kind === 'args') {
      if (!rules.allowArgs) {
        throw new DefinitionError(
          owner,
          `parameter #${index}: resources take URI variables only, bind them with @UriParam('name')`,
        );
      }
      if (takesArgs) throw new DefinitionError(owner, 'has two input parameters; put every input in one DTO class');
      takesArgs = true;
      const type = types[index];
      if (isDtoClass(type)) dto = type;
      else if (!rules.untypedArgsOk) {
        const why =
          emitted === undefined
            ? `the method has no decorator metadata: ${MISSING_METADATA_CAUSES}`
            : OBJECT_TYPE_CAUSES;
        throw new DefinitionError(
          owner,
          `parameter #${index} has no DTO type (${typeName(type)}): declare its input as a class with class-validator decorators; ${why}`,
        );
      }
      resolvers.push((invocation) => invocation.args);
    }
  }
  const handler = bindCall(instance, method, resolvers);
  return { handler, dto, takesArgs, uriParams };
}

/** The call of the method with its resolved arguments; none or one (the common shapes) build no array. */
function bindCall(
  instance: () => Record<string, (...args: unknown[]) => unknown>,
  method: string,
  resolvers: ((invocation: Invocation) => unknown)[],
): Handler {
  if (resolvers.length === 0) return () => instance()[method]();
  if (resolvers.length === 1) {
    const [resolve] = resolvers;
    return (invocation) => instance()[method](resolve(invocation));
  }
  return (invocation) => {
    const target = instance();
    return target[method](...resolvers.map((resolve) => resolve(invocation)));
  };
}

function implicitBinding(type: unknown): ParamBinding | undefined {
  if (isContextType(type)) return { kind: 'ctx' };
  if (isDtoClass(type) || type === Object) return { kind: 'args' };
  return undefined;
}

/** McpContext (or a subclass), recognised by the mark it carries: discovery sits below the context layer. */
function isContextType(type: unknown): boolean {
  return typeof type === 'function' && (type as { [CONTEXT_PARAMETER]?: boolean })[CONTEXT_PARAMETER] === true;
}

function isDtoClass(type: unknown): type is Constructor {
  return typeof type === 'function' && !NOT_A_DTO.has(type);
}

function typeName(type: unknown): string {
  if (type === undefined) return 'no type information';
  if (typeof type === 'function') return type.name || 'anonymous';
  return typeof type === 'object' ? 'an enum or object value' : String(type);
}
