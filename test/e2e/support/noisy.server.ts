import 'reflect-metadata';
import { IsInt, Max, Min } from 'class-validator';
import { McpApplication, McpServer, Tool } from '../../../src';

class SleepArgs {
  @IsInt()
  @Min(0)
  @Max(5000)
  ms!: number;
}

/** A server whose code writes to the console, as careless user code does, and has a slow tool. */
@McpServer({ name: 'noisy', version: '1.0.0' })
export class NoisyServer {
  @Tool({ description: 'Logs to the console and answers' })
  chatty() {
    console.log('console.log from a tool');
    return 'ok';
  }

  @Tool({ description: 'Answers after a delay' })
  async sleep(args: SleepArgs) {
    console.log(`sleeping ${args.ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, args.ms));
    return `slept ${args.ms}`;
  }
}

async function main() {
  const app = await McpApplication.create(NoisyServer);
  await app.listen({ transport: 'stdio', maxMessageBytes: 64 * 1024 });
}

void main();
