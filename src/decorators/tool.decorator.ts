import { addMember } from '../metadata/metadata-writer';
import type { ToolOptions } from '../metadata/types';
import { memberName, ownerClass } from './member-target';

/** Exposes a method as an MCP tool. Its input DTO is the parameter typed by a class. */
export function Tool(options: ToolOptions): MethodDecorator {
  return (target, key) => {
    addMember(ownerClass(target), { kind: 'tool', method: memberName(target, key), options: { ...options } });
  };
}
