import type { McpContext } from '../context/mcp-context';
import type { Icon, ResourceOptions } from '../metadata/types';
import type { UriTemplate } from '../registry/uri-template';
import type { ResourceContents } from './content';
import type { Handler } from './handler';
import { toResourceContents } from './resource-result';

export interface ResourceSpec extends Omit<ResourceOptions, 'icons'> {
  name: string;
  icons?: Icon[];
  template: UriTemplate;
  handler: Handler;
  owner: string;
}

/** A fixed resource or a resource template: it describes itself for the lists and reads itself. */
export class ResourceComponent {
  readonly key: string;
  readonly isTemplate: boolean;
  readonly descriptor: Readonly<Record<string, unknown>>;

  constructor(readonly spec: ResourceSpec) {
    this.key = spec.template.template;
    this.isTemplate = spec.template.isTemplate;
    this.descriptor = Object.freeze(describe(spec, this.isTemplate));
  }

  match(uri: string): Record<string, string | string[]> | undefined {
    return this.spec.template.match(uri);
  }

  async read(uri: string, uriParams: Record<string, string | string[]>, ctx: McpContext): Promise<ResourceContents[]> {
    const value = await this.spec.handler({ args: undefined, ctx, uriParams });
    return toResourceContents(value, uri, this.spec.mimeType);
  }
}

function describe(spec: ResourceSpec, isTemplate: boolean): Record<string, unknown> {
  const descriptor: Record<string, unknown> = isTemplate
    ? { uriTemplate: spec.template.template, name: spec.name }
    : { uri: spec.template.template, name: spec.name };
  for (const key of ['title', 'description', 'mimeType', 'size', 'annotations', 'icons', '_meta'] as const) {
    if (spec[key] !== undefined && !(isTemplate && key === 'size')) descriptor[key] = spec[key];
  }
  return descriptor;
}
