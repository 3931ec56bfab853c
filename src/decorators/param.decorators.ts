import { bindParam } from '../metadata/metadata-writer';

/** The validated input DTO. Implied for the one parameter typed by a class; this makes it explicit. */
export function Args(): ParameterDecorator {
  return (target, key, index) => bindParam(target, key ?? 'constructor', index, { kind: 'args' });
}

/** The request's McpContext. Implied for a parameter typed `McpContext`. */
export function Ctx(): ParameterDecorator {
  return (target, key, index) => bindParam(target, key ?? 'constructor', index, { kind: 'ctx' });
}

/** One variable of a resource template, percent-decoded: `@UriParam('id') id: string`. */
export function UriParam(name: string): ParameterDecorator {
  return (target, key, index) => bindParam(target, key ?? 'constructor', index, { kind: 'uriParam', name });
}
