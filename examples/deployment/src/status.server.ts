import { hostname } from 'node:os';
import { McpServer, Tool } from 'armature-mcp';
import { EchoArgs } from './dtos';

/** A small server to deploy: which instance answered (behind a load balancer), and an echo. */
@McpServer({ name: 'deployment', version: '1.0.0' })
export class StatusServer {
  private readonly started = Date.now();

  @Tool({ description: 'Which instance answered, its Node version and uptime', annotations: { readOnlyHint: true } })
  instance() {
    return {
      host: hostname(),
      pid: process.pid,
      node: process.version,
      uptimeS: Math.round((Date.now() - this.started) / 1000),
    };
  }

  @Tool({ description: 'Sends the text back', annotations: { readOnlyHint: true } })
  echo(args: EchoArgs) {
    return args.text;
  }
}
