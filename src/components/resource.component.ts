import type { Icon, ResourceOptions } from '../metadata/types';
import type { ResourceContents } from './content';
import type { Handler, HandlerContext } from './handler';
import type { Invocable, Origin, Target } from './invocable';
import { toResourceContents } from './resource-result';
import type { UriTemplate } from './uri-template';

export interface ResourceSpec extends Omit<ResourceOptions, 'icons'> {
  name: string;
  icons?: Icon[];
  template: UriTemplate;
  handler: Handler;
  owner: string;
  origin: Origin;
}

type UriParams = Record<string, string | string[]>;

/**
 * A fixed resource or a resource template: it describes itself for the lists and supplies the
 * steps of `resources/read`. Its arguments are the template's variables, already decoded.
 */
export class ResourceComponent implements Invocable<ResourceContents[]> {
  readonly kind = 'resource' as const;
  readonly key: string;
  readonly name: string;
  readonly owner: string;
  readonly origin: Origin;
  readonly isTemplate: boolean;
  readonly descriptor: Readonly<Record<string, unknown>>;

  constructor(readonly spec: ResourceSpec) {
    this.key = spec.template.template;
    this.name = this.key;
    this.owner = spec.owner;
    this.origin = spec.origin;
    this.isTemplate = spec.template.isTemplate;
    this.descriptor = Object.freeze(describe(spec, this.isTemplate));
  }

  match(uri: string): UriParams | undefined {
    return this.spec.template.match(uri);
  }

  async parse(raw: unknown): Promise<unknown> {
    return raw ?? {};
  }

  invoke(uriParams: unknown, ctx: HandlerContext): unknown {
    return this.spec.handler({ args: undefined, ctx, uriParams: uriParams as UriParams });
  }

  toResult(value: unknown, target: Target): ResourceContents[] {
    return toResourceContents(value, target.uri ?? this.key, this.spec.mimeType);
  }

  recover(error: unknown): ResourceContents[] {
    throw error;
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
