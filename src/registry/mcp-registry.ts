import type { CompleterComponent } from '../components/completer.component';
import { completerKey } from '../components/completer.component';
import type { HandlerContext } from '../components/handler';
import { inputSpec } from '../components/input-spec';
import type { Invocable, RuntimeOptions } from '../components/invocable';
import type { PromptComponent } from '../components/prompt.component';
import type { ResourceComponent } from '../components/resource.component';
import { ToolComponent } from '../components/tool.component';
import type { Constructor, ToolAnnotations } from '../metadata/types';
import type { JsonSchema } from '../schema';
import { ComponentList, type ComponentView } from './component-list';
import { toolNameProblem } from './names';

export type ListKind = 'tools' | 'resources' | 'prompts';

/**
 * A tool added at runtime: the same model as a decorated one, with a plain function as handler.
 * It takes the call pipeline's options (`guards`, `interceptors`, `pipes`, `filters`,
 * `requireScopes`, `public`, `timeoutMs`, `rateLimit`, `metadata`) where a method takes decorators.
 */
export interface DynamicTool<A = any> extends RuntimeOptions {
  name: string;
  title?: string;
  description: string;
  input?: Constructor<A> | JsonSchema;
  annotations?: ToolAnnotations;
  handler: (args: A, ctx: HandlerContext) => unknown;
}

/**
 * The live set of components. It answers lookups and list pages, and tells listeners when a list
 * changed so that sessions receive `notifications/<kind>/list_changed`. Injectable into user code.
 */
export class McpRegistry {
  // The lists change only through the methods below, which check names and emit list changes;
  // readers get views that cannot change them.
  private readonly toolList: ComponentList<ToolComponent>;
  private readonly resourceList: ComponentList<ResourceComponent>;
  private readonly templateList: ComponentList<ResourceComponent>;
  private readonly promptList: ComponentList<PromptComponent>;
  private readonly completerMap = new Map<string, CompleterComponent>();
  private readonly listeners = new Set<(kind: ListKind) => void>();
  /** Checks a runtime component before it is added (the call pipeline's declarations), throwing to the caller. */
  private check?: (component: Invocable) => void;

  constructor(pageSize = 100) {
    this.toolList = new ComponentList(pageSize, () => this.emit('tools'));
    this.resourceList = new ComponentList(pageSize, () => this.emit('resources'));
    this.templateList = new ComponentList(pageSize, () => this.emit('resources'));
    this.promptList = new ComponentList(pageSize, () => this.emit('prompts'));
  }

  get tools(): ComponentView<ToolComponent> {
    return this.toolList;
  }
  get resources(): ComponentView<ResourceComponent> {
    return this.resourceList;
  }
  get templates(): ComponentView<ResourceComponent> {
    return this.templateList;
  }
  get prompts(): ComponentView<PromptComponent> {
    return this.promptList;
  }
  get completers(): ReadonlyMap<string, CompleterComponent> {
    return this.completerMap;
  }

  /** A declared component (the scanner's); its name was checked by whoever built it. */
  registerTool(component: ToolComponent): void {
    this.toolList.add(component.name, component);
  }
  /** A fixed resource or a template, under the URI (template) it was declared with. */
  registerResource(uri: string, component: ResourceComponent): void {
    (component.spec.template.isTemplate ? this.templateList : this.resourceList).add(uri, component);
  }
  registerPrompt(component: PromptComponent): void {
    this.promptList.add(component.name, component);
  }
  registerCompleter(key: string, component: CompleterComponent): void {
    this.completerMap.set(key, component);
  }

  /** Set once by the engine, so `addTool` refuses a misdeclared guard at once rather than on the first call. */
  checkWith(check: (component: Invocable) => void): void {
    this.check = check;
  }

  onListChanged(listener: (kind: ListKind) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** A fixed resource first, then the first template (in declaration order) that matches. */
  findResource(uri: string): { component: ResourceComponent; params: Record<string, string | string[]> } | undefined {
    const fixed = this.resources.get(uri);
    if (fixed) return { component: fixed, params: {} };
    for (const template of this.templates.enabled()) {
      const params = template.match(uri);
      if (params) return { component: template, params };
    }
    return undefined;
  }

  completer(ref: string, argument: string): CompleterComponent | undefined {
    return this.completerMap.get(completerKey(ref, argument));
  }

  addTool<A>(tool: DynamicTool<A>): void {
    const nameProblem = toolNameProblem(tool.name);
    if (nameProblem) throw new Error(`tool "${tool.name}": ${nameProblem}`);
    if (this.tools.has(tool.name)) throw new Error(`A tool named "${tool.name}" already exists`);
    const input = inputSpec(tool.input);
    const { guards, interceptors, pipes, filters, requireScopes, timeoutMs, rateLimit, metadata } = tool;
    const options: RuntimeOptions = {
      guards,
      interceptors,
      pipes,
      filters,
      requireScopes,
      timeoutMs,
      rateLimit,
      metadata,
    };
    if (tool.public !== undefined) options.public = tool.public;
    const component = new ToolComponent({
      name: tool.name,
      title: tool.title,
      description: tool.description,
      annotations: tool.annotations,
      input,
      handler: ({ args, ctx }) => tool.handler(args as A, ctx),
      owner: `tool "${tool.name}"`,
      origin: { handler: tool.handler, options },
    });
    this.check?.(component);
    this.toolList.add(tool.name, component);
  }

  enableTool(name: string): boolean {
    return this.toolList.setEnabled(name, true);
  }
  disableTool(name: string): boolean {
    return this.toolList.setEnabled(name, false);
  }
  removeTool(name: string): boolean {
    return this.toolList.remove(name);
  }
  enablePrompt(name: string): boolean {
    return this.promptList.setEnabled(name, true);
  }
  disablePrompt(name: string): boolean {
    return this.promptList.setEnabled(name, false);
  }
  removePrompt(name: string): boolean {
    return this.promptList.remove(name);
  }
  /** Takes a fixed URI or a template, as declared. */
  enableResource(uri: string): boolean {
    return this.resourceList.setEnabled(uri, true) || this.templateList.setEnabled(uri, true);
  }
  disableResource(uri: string): boolean {
    return this.resourceList.setEnabled(uri, false) || this.templateList.setEnabled(uri, false);
  }
  removeResource(uri: string): boolean {
    return this.resourceList.remove(uri) || this.templateList.remove(uri);
  }

  private emit(kind: ListKind): void {
    for (const listener of this.listeners) listener(kind);
  }
}
