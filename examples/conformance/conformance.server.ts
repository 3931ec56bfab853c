import {
  audio,
  Complete,
  embeddedResource,
  image,
  McpContext,
  McpServer,
  Prompt,
  Resource,
  ResourceNotifier,
  Tool,
  ToolError,
  text,
  UriParam,
  user,
} from 'armature-mcp';
import {
  ElicitationArgs,
  EmbeddedResourceArguments,
  EnumChoices,
  ProfileDefaults,
  PromptArguments,
  SamplingArgs,
  UserInfo,
} from './dtos';
import { JSON_SCHEMA_2020_12_INPUT, PNG_1X1, WAV_TINY } from './fixtures';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The fixture set of the official conformance suite (names, schemas and values exact), written
 * once and served over every transport and in both protocol eras.
 */
@McpServer({
  name: 'armature-conformance',
  version: '1.0.0',
  title: 'Armature conformance fixtures',
  description: 'Every fixture the MCP conformance suite calls',
})
export class ConformanceServer {
  constructor(private readonly notifier: ResourceNotifier) {
    // The watched resource "changes" every 3 s, as the reference fixture's does.
    setInterval(() => this.notifier.updated('test://watched-resource'), 3000).unref();
  }

  @Tool({ description: 'Returns simple text content' })
  test_simple_text() {
    return 'This is a simple text response for testing.';
  }

  @Tool({ description: 'Returns image content' })
  test_image_content() {
    return image(PNG_1X1, 'image/png');
  }

  @Tool({ description: 'Returns audio content' })
  test_audio_content() {
    return audio(WAV_TINY, 'audio/wav');
  }

  @Tool({ description: 'Returns an embedded resource' })
  test_embedded_resource() {
    return embeddedResource({
      uri: 'test://embedded-resource',
      mimeType: 'text/plain',
      text: 'This is an embedded resource content.',
    });
  }

  @Tool({ description: 'Returns text, image and resource content together' })
  test_multiple_content_types() {
    return [
      text('Multiple content types test:'),
      image(PNG_1X1, 'image/png'),
      embeddedResource({
        uri: 'test://mixed-content-resource',
        mimeType: 'application/json',
        text: JSON.stringify({ test: 'data', value: 123 }),
      }),
    ];
  }

  @Tool({ description: 'Sends log messages while it runs' })
  async test_tool_with_logging(ctx: McpContext) {
    ctx.info('Tool execution started');
    await pause(50);
    ctx.info('Tool processing data');
    await pause(50);
    ctx.info('Tool execution completed');
    return 'Logging test completed';
  }

  @Tool({ description: 'Reports progress while it runs' })
  async test_tool_with_progress(ctx: McpContext) {
    await ctx.progress(0, 100);
    await pause(50);
    await ctx.progress(50, 100);
    await pause(50);
    await ctx.progress(100, 100);
    return `Progress test completed (progress token: ${ctx.progressToken ?? 'none'})`;
  }

  @Tool({ description: 'Always fails, to test error reporting' })
  test_error_handling(): never {
    throw new ToolError('This tool intentionally returns an error for testing');
  }

  @Tool({ description: 'Asks the client model to answer a prompt' })
  async test_sampling(args: SamplingArgs, ctx: McpContext) {
    const answer = await ctx.sample({
      messages: [{ role: 'user', content: { type: 'text', text: args.prompt } }],
      maxTokens: 100,
    });
    const content = Array.isArray(answer.content) ? answer.content[0] : answer.content;
    return `LLM response: ${content?.type === 'text' ? content.text : JSON.stringify(content)}`;
  }

  @Tool({ description: 'Asks the user for their information' })
  async test_elicitation(args: ElicitationArgs, ctx: McpContext) {
    const answer = await ctx.elicit(args.message, UserInfo);
    const content = answer.action === 'accept' ? JSON.stringify(answer.content) : 'none';
    return `User response: action=${answer.action}, content=${content}`;
  }

  @Tool({ description: 'Elicits a form whose fields all have defaults (SEP-1034)' })
  async test_elicitation_sep1034_defaults(ctx: McpContext) {
    const answer = await ctx.elicit('Please review your profile', ProfileDefaults);
    const content = answer.action === 'accept' ? JSON.stringify(answer.content) : 'none';
    return `Elicitation completed: action=${answer.action}, content=${content}`;
  }

  @Tool({ description: 'Elicits every kind of enum (SEP-1330)' })
  async test_elicitation_sep1330_enums(ctx: McpContext) {
    const answer = await ctx.elicit('Please choose', EnumChoices);
    const content = answer.action === 'accept' ? JSON.stringify(answer.content) : 'none';
    return `Elicitation completed: action=${answer.action}, content=${content}`;
  }

  @Tool({ description: 'Has a raw JSON Schema 2020-12 input with $defs', inputSchema: JSON_SCHEMA_2020_12_INPUT })
  json_schema_2020_12_tool(args: Record<string, unknown>) {
    return `Received: ${JSON.stringify(args)}`;
  }

  @Tool({ description: 'Closes its stream mid-call, so the client resumes with Last-Event-ID' })
  async test_reconnection(ctx: McpContext) {
    ctx.closeStream();
    await pause(100);
    return 'Reconnection test completed';
  }

  @Resource('test://static-text', {
    name: 'static-text',
    description: 'A static text resource',
    mimeType: 'text/plain',
  })
  staticText() {
    return 'This is the content of the static text resource.';
  }

  @Resource('test://static-binary', { name: 'static-binary', description: 'A static PNG', mimeType: 'image/png' })
  staticBinary() {
    return Buffer.from(PNG_1X1, 'base64');
  }

  @Resource('test://template/{id}/data', {
    name: 'template-data',
    description: 'Data for an id',
    mimeType: 'application/json',
  })
  templateData(@UriParam('id') id: string) {
    return JSON.stringify({ id, templateTest: true, data: `Data for ID: ${id}` });
  }

  @Resource('test://watched-resource', {
    name: 'watched-resource',
    description: 'A resource that changes every 3 seconds',
    mimeType: 'text/plain',
  })
  watched() {
    return 'Watched resource content';
  }

  @Prompt({ description: 'A simple prompt without arguments' })
  test_simple_prompt() {
    return 'This is a simple prompt for testing.';
  }

  @Prompt({ description: 'A prompt with two required arguments' })
  test_prompt_with_arguments(args: PromptArguments) {
    return `Prompt with arguments: arg1='${args.arg1}', arg2='${args.arg2}'`;
  }

  @Complete({ prompt: 'test_prompt_with_arguments', argument: 'arg1' })
  completeArg1(value: string) {
    return ['paris', 'park', 'parade', 'test', 'testValue1'].filter((v) => v.startsWith(value));
  }

  @Prompt({ description: 'A prompt that embeds a resource' })
  test_prompt_with_embedded_resource(args: EmbeddedResourceArguments) {
    return [
      user(
        embeddedResource({
          uri: args.resourceUri,
          mimeType: 'text/plain',
          text: 'Embedded resource content for testing.',
        }),
      ),
      user('Please process the embedded resource above.'),
    ];
  }

  @Prompt({ description: 'A prompt with an image' })
  test_prompt_with_image() {
    return [user(image(PNG_1X1, 'image/png')), user('Please analyze the image above.')];
  }
}
