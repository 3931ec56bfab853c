import type { McpRegistry } from '../registry/mcp-registry';

export type ServerCapabilities = Record<string, Record<string, unknown>>;

export type ServerCapabilityName =
  | 'tools'
  | 'resources'
  | 'prompts'
  | 'logging'
  | 'completions'
  | 'resources.subscribe'
  | 'tasks';

/**
 * Capabilities follow from what is declared: a server with tools advertises `tools`, and so on.
 * Lists can change at runtime (enable/disable/add/remove), so every list advertises `listChanged`.
 */
export function deriveCapabilities(registry: McpRegistry): ServerCapabilities {
  const capabilities: ServerCapabilities = { logging: {} };
  const hasPrompts = registry.prompts.enabled().length > 0;
  const hasTemplates = registry.templates.enabled().length > 0;
  if (hasPrompts || hasTemplates) capabilities.completions = {};
  if (registry.prompts.enabled().length > 0) capabilities.prompts = { listChanged: true };
  if (registry.resources.enabled().length > 0 || hasTemplates) {
    capabilities.resources = { subscribe: true, listChanged: true };
  }
  if (registry.tools.enabled().length > 0) capabilities.tools = { listChanged: true };
  if (registry.tools.enabled().some((tool) => (tool.spec.taskSupport ?? 'forbidden') !== 'forbidden')) {
    capabilities.tasks = { list: {}, cancel: {}, requests: { tools: { call: {} } } };
  }
  return capabilities;
}

export function hasCapability(capabilities: ServerCapabilities, name: ServerCapabilityName): boolean {
  if (name === 'resources.subscribe') return capabilities.resources?.subscribe === true;
  return capabilities[name] !== undefined;
}

/**
 * What a deployment without sessions can promise session-era clients: no subscriptions, no tasks,
 * no list-change notifications, since there is no later moment to deliver anything.
 */
export function sessionlessCapabilities(capabilities: ServerCapabilities): ServerCapabilities {
  const { tasks: _tasks, ...rest } = capabilities;
  const result: ServerCapabilities = {};
  for (const [name, value] of Object.entries(rest)) {
    const { listChanged: _listChanged, subscribe: _subscribe, ...kept } = value;
    result[name] = kept;
  }
  return result;
}
