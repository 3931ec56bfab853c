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
import { ComponentList } from './component-list';
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
  readonly tools: ComponentList<ToolComponent>;
  readonly resources: ComponentList<ResourceComponent>;
  readonly templates: ComponentList<ResourceComponent>;
  readonly prompts: ComponentList<PromptComponent>;
  readonly completers = new Map<string, CompleterComponent>();
  private readonly listeners = new Set<(kind: ListKind) => void>();
  /** Checks a runtime component before it is added (the call pipeline's declarations), throwing to the caller. */
  private check?: (component: Invocable) => void;

  constructor(pageSize = 100) {
    this.tools = new ComponentList(pageSize, () => this.emit('tools'));
    this.resources = new ComponentList(pageSize, () => this.emit('resources'));
    this.templates = new ComponentList(pageSize, () => this.emit('resources'));
    this.prompts = new ComponentList(pageSize, () => this.emit('prompts'));
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
    return this.completers.get(completerKey(ref, argument));
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
    this.tools.add(tool.name, component);
  }

  enableTool(name: string): boolean {
    return this.tools.setEnabled(name, true);
  }
  disableTool(name: string): boolean {
    return this.tools.setEnabled(name, false);
  }
  removeTool(name: string): boolean {
    return this.tools.remove(name);
  }
  enablePrompt(name: string): boolean {
    return this.prompts.setEnabled(name, true);
  }
  disablePrompt(name: string): boolean {
    return this.prompts.setEnabled(name, false);
  }
  removePrompt(name: string): boolean {
    return this.prompts.remove(name);
  }
  /** Takes a fixed URI or a template, as declared. */
  enableResource(uri: string): boolean {
    return this.resources.setEnabled(uri, true) || this.templates.setEnabled(uri, true);
  }
  disableResource(uri: string): boolean {
    return this.resources.setEnabled(uri, false) || this.templates.setEnabled(uri, false);
  }
  removeResource(uri: string): boolean {
    return this.resources.remove(uri) || this.templates.remove(uri);
  }

  private emit(kind: ListKind): void {
    for (const listener of this.listeners) listener(kind);
  }
}
