import { McpContext, McpServer, Tool } from 'armature-mcp';
import { PublishChoice, ReportArgs } from './dtos';

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });

/**
 * Long-running work as tasks: clients that support tasks get a handle at once and poll for the
 * result; the same code answers directly for clients that do not.
 */
@McpServer({ name: 'reports', version: '1.0.0' })
export class ReportServer {
  @Tool({ description: 'Writes a report, section by section; may run as a task', taskSupport: 'optional' })
  async generate_report(args: ReportArgs, ctx: McpContext) {
    const sections: string[] = [];
    for (let i = 1; i <= args.sections; i++) {
      await pause(args.msPerSection, ctx.signal);
      sections.push(`${i}. ${args.topic}: part ${i}`);
      await ctx.progress(i, args.sections, `section ${i} written`);
    }
    if (args.confirm) {
      const answer = await ctx.elicit(`Publish the report on ${args.topic}?`, PublishChoice);
      if (answer.action !== 'accept' || !answer.content.publish) return `Draft kept:\n${sections.join('\n')}`;
    }
    return `Report on ${args.topic}:\n${sections.join('\n')}`;
  }

  @Tool({ description: 'Archives every report; always runs as a task', taskSupport: 'required' })
  async archive_all(ctx: McpContext) {
    await pause(100, ctx.signal);
    return 'Archived 42 reports';
  }
}
