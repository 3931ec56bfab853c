import { CompleterComponent, completerKey } from '../components/completer.component';
import { inputSpec } from '../components/input-spec';
import type { Origin } from '../components/invocable';
import { PromptComponent } from '../components/prompt.component';
import { ResourceComponent } from '../components/resource.component';
import { ToolComponent } from '../components/tool.component';
import { UriTemplate, UriTemplateError } from '../components/uri-template';
import { MetadataReader } from '../metadata/metadata-reader';
import type { MemberMetadata, ServerOptions } from '../metadata/types';
import type { McpRegistry } from '../registry/mcp-registry';
import { toolNameProblem } from '../registry/names';
import { type Constructor, dtoDeclarationProblem, dtoToJsonSchema, type JsonSchema } from '../schema';
import { requireDecoratorMetadata } from './decorator-metadata';
import { DefinitionError } from './definition-error';
import { bindMethod } from './parameter-binder';

type Instance = () => Record<string, (...args: unknown[]) => unknown>;

/**
 * Turns a `@McpServer` class's metadata into registry components, once, when the application is
 * created. Every declaration mistake is reported here, naming `Class.method` and the fix.
 */
export function scanServer(serverClass: Function, instance: Instance, registry: McpRegistry): ServerOptions {
  const server = MetadataReader.server(serverClass);
  if (!server) {
    throw new DefinitionError(serverClass.name, 'is not decorated with @McpServer({ name, version })');
  }
  if (!server.name || !server.version)
    throw new DefinitionError(serverClass.name, '@McpServer needs a name and a version');
  const members = MetadataReader.members(serverClass);
  for (const member of members) {
    if (member.method.startsWith('static ')) {
      throw new DefinitionError(
        `${serverClass.name}.${member.method.slice(7)}`,
        `@${decoratorName(member)} is on a static method; make it an instance method so it can use injected services`,
      );
    }
  }
  requireDecoratorMetadata(serverClass, members);
  for (const member of members) {
    if (member.kind === 'tool') addTool(serverClass, member, instance, registry);
    if (member.kind === 'resource') addResource(serverClass, member, instance, registry);
    if (member.kind === 'prompt') addPrompt(serverClass, member, instance, registry);
  }
  for (const member of members) {
    if (member.kind === 'complete') addCompleter(serverClass, member, instance, registry);
  }
  return server;
}

function addTool(
  cls: Function,
  member: Extract<MemberMetadata, { kind: 'tool' }>,
  instance: Instance,
  registry: McpRegistry,
): void {
  const owner = `${cls.name}.${member.method}`;
  const { options } = member;
  const name = options.name ?? member.method;
  const nameProblem = toolNameProblem(name);
  if (nameProblem) throw new DefinitionError(owner, nameProblem);
  if (registry.tools.has(name))
    throw new DefinitionError(owner, `a tool named "${name}" is already declared; give one of them another name`);
  if (!options.description?.trim())
    throw new DefinitionError(owner, 'a tool needs a description: models choose tools by it');
  const bound = bindMethod(
    cls,
    member.method,
    { allowArgs: true, allowUriParams: false, untypedArgsOk: !!options.inputSchema },
    instance,
  );
  if (!options.inputSchema) requireUsableDto(owner, bound.dto);
  const output = options.outputSchema;
  const outputSchema: JsonSchema | undefined = typeof output === 'function' ? dtoToJsonSchema(output) : output;
  let component: ToolComponent;
  try {
    component = new ToolComponent({
      name,
      title: options.title,
      description: options.description,
      annotations: options.annotations,
      icons: options.icons,
      _meta: options._meta,
      input: inputSpec(options.inputSchema ?? bound.dto),
      outputSchema,
      taskSupport: options.taskSupport,
      handler: bound.handler,
      owner,
      origin: originOf(cls, member.method),
    });
  } catch (error) {
    throw new DefinitionError(owner, (error as Error).message);
  }
  registry.registerTool(component);
}

function addResource(
  cls: Function,
  member: Extract<MemberMetadata, { kind: 'resource' }>,
  instance: Instance,
  registry: McpRegistry,
): void {
  const owner = `${cls.name}.${member.method}`;
  let template: UriTemplate;
  try {
    template = UriTemplate.parse(member.uri);
  } catch (error) {
    if (error instanceof UriTemplateError)
      throw new DefinitionError(owner, `bad URI template "${member.uri}": ${error.message}`);
    throw error;
  }
  const bound = bindMethod(
    cls,
    member.method,
    { allowArgs: false, allowUriParams: true, untypedArgsOk: false },
    instance,
  );
  for (const param of bound.uriParams) {
    if (!template.variables.includes(param)) {
      throw new DefinitionError(
        owner,
        `@UriParam('${param}') is not a variable of "${member.uri}" (it has: ${template.variables.join(', ') || 'none'})`,
      );
    }
  }
  const list = template.isTemplate ? registry.templates : registry.resources;
  if (list.has(member.uri)) throw new DefinitionError(owner, `the resource "${member.uri}" is already declared`);
  const { icons, ...options } = member.options;
  registry.registerResource(
    member.uri,
    new ResourceComponent({
      ...options,
      icons,
      name: options.name ?? member.method,
      template,
      handler: bound.handler,
      owner,
      origin: originOf(cls, member.method),
    }),
  );
}

function addPrompt(
  cls: Function,
  member: Extract<MemberMetadata, { kind: 'prompt' }>,
  instance: Instance,
  registry: McpRegistry,
): void {
  const owner = `${cls.name}.${member.method}`;
  const name = member.options.name ?? member.method;
  if (registry.prompts.has(name)) throw new DefinitionError(owner, `a prompt named "${name}" is already declared`);
  if (!member.options.description?.trim()) throw new DefinitionError(owner, 'a prompt needs a description');
  const bound = bindMethod(
    cls,
    member.method,
    { allowArgs: true, allowUriParams: false, untypedArgsOk: false },
    instance,
  );
  requireUsableDto(owner, bound.dto);
  const { options } = member;
  registry.registerPrompt(
    new PromptComponent({
      name,
      title: options.title,
      description: options.description,
      icons: options.icons,
      _meta: options._meta,
      input: inputSpec(bound.dto),
      handler: bound.handler,
      owner,
      origin: originOf(cls, member.method),
    }),
  );
}

function addCompleter(
  cls: Function,
  member: Extract<MemberMetadata, { kind: 'complete' }>,
  instance: Instance,
  registry: McpRegistry,
): void {
  const owner = `${cls.name}.${member.method}`;
  const { target } = member;
  let ref: string;
  if ('prompt' in target) {
    const prompt = registry.prompts.get(target.prompt);
    if (!prompt)
      throw new DefinitionError(owner, `@Complete names the prompt "${target.prompt}", which is not declared`);
    if (!prompt.arguments.some((a) => a.name === target.argument)) {
      throw new DefinitionError(owner, `the prompt "${target.prompt}" has no argument "${target.argument}"`);
    }
    ref = `prompt:${target.prompt}`;
  } else {
    const template = registry.templates.get(target.resource);
    if (!template)
      throw new DefinitionError(
        owner,
        `@Complete names the resource template "${target.resource}", which is not declared`,
      );
    if (!template.spec.template.variables.includes(target.argument)) {
      throw new DefinitionError(owner, `the template "${target.resource}" has no variable "${target.argument}"`);
    }
    ref = `resource:${target.resource}`;
  }
  const key = completerKey(ref, target.argument);
  if (registry.completers.has(key))
    throw new DefinitionError(owner, `"${target.argument}" of ${ref} already has a @Complete method`);
  const method = member.method;
  registry.registerCompleter(
    key,
    new CompleterComponent(
      ref,
      target.argument,
      (value, context) => instance()[method](value, context),
      owner,
      originOf(cls, method),
    ),
  );
}

/** The class and the method function, where decorators such as `@UseGuards` recorded their metadata. */
function originOf(cls: Function, method: string): Origin {
  return { cls, handler: cls.prototype[method] };
}

function requireUsableDto(owner: string, dto: Constructor | undefined): void {
  if (!dto) return;
  let problem: string | undefined;
  try {
    problem = dtoDeclarationProblem(dto);
  } catch (error) {
    problem = (error as Error).message;
  }
  if (problem) throw new DefinitionError(owner, problem);
}

function decoratorName(member: MemberMetadata): string {
  return { tool: 'Tool', resource: 'Resource', prompt: 'Prompt', complete: 'Complete' }[member.kind];
}
