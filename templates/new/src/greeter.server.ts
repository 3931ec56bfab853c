import { ErrorCode, McpError, McpServer, Prompt, Resource, Tool, UriParam } from 'armature-mcp';
import { GREETINGS, GreetArgs, LANGUAGES, type Language, WelcomeArgs } from './dtos';

@McpServer({ name: '{{name}}', version: '0.1.0' })
export class GreeterServer {
  @Tool({ description: 'Greets someone in English, French, Spanish or German' })
  greet(args: GreetArgs): string {
    return `${GREETINGS[args.language]}, ${args.name}!`;
  }

  @Resource('greetings://{language}', { description: 'The greeting of one language', mimeType: 'text/plain' })
  greeting(@UriParam('language') language: string): string {
    if (!(language in GREETINGS)) {
      // An McpError reaches the client as it is (other errors are masked as "internal error").
      throw new McpError(ErrorCode.ResourceNotFound, `Unknown language "${language}". Known: ${LANGUAGES.join(', ')}`);
    }
    return GREETINGS[language as Language];
  }

  @Prompt({ description: 'Write a welcome message for a new team member' })
  welcome(args: WelcomeArgs): string {
    const team = args.team ? ` to the ${args.team} team` : '';
    return `Write a short, warm welcome message for ${args.name}, who is joining us${team}.`;
  }
}
