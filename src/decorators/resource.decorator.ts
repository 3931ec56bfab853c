import { addMember } from '../metadata/metadata-writer';
import type { ResourceOptions } from '../metadata/types';
import { memberName, ownerClass } from './member-target';

/**
 * Exposes a method as an MCP resource: a fixed URI (`config://app`) or an RFC 6570 template
 * (`users://{id}/profile`), whose variables reach the method through `@UriParam`.
 */
export function Resource(uri: string, options: ResourceOptions = {}): MethodDecorator {
  return (target, key) => {
    addMember(ownerClass(target), { kind: 'resource', method: memberName(target, key), uri, options: { ...options } });
  };
}
