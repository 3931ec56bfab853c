import 'reflect-metadata';
import { container } from 'tsyringe';
import {
  DefinitionError,
  Logger,
  McpApplication,
  McpServer,
  RateLimit,
  Reflector,
  SetMetadata,
  Timeout,
  Tool,
  UseGuards,
} from '../../../src';

const quiet = { logger: new Logger('armature', 'silent') };

describe('declaring the call pipeline', () => {
  it('fails at start-up on a guard that is not one, naming Class.method', async () => {
    @McpServer({ name: 'bad-guard', version: '1.0.0' })
    class BadGuardServer {
      @Tool({ description: 'x' })
      @UseGuards(undefined as never)
      run() {
        return 'x';
      }
    }
    await expect(McpApplication.create(BadGuardServer, quiet)).rejects.toThrow(
      new DefinitionError(
        'BadGuardServer.run',
        'a guard must be a class or an object with a canActivate() method, got undefined (an import cycle?)',
      ),
    );
  });

  it('fails at start-up on a timeout or rate limit that makes no sense', async () => {
    @McpServer({ name: 'bad-limits', version: '1.0.0' })
    class BadTimeoutServer {
      @Tool({ description: 'x' })
      @Timeout(0)
      run() {
        return 'x';
      }
    }
    await expect(McpApplication.create(BadTimeoutServer, quiet)).rejects.toThrow(
      /BadTimeoutServer\.run.*@Timeout takes a positive number of milliseconds, got 0/,
    );
    @McpServer({ name: 'bad-limits', version: '1.0.0' })
    class BadRateServer {
      @Tool({ description: 'x' })
      @RateLimit({ limit: 10, windowMs: 60_000, per: 'tenant' as never })
      run() {
        return 'x';
      }
    }
    await expect(McpApplication.create(BadRateServer, quiet)).rejects.toThrow(
      /per must be 'principal', 'session' or 'global'/,
    );
  });

  it('records metadata on the method and the class; the Reflector reads the method over the class', () => {
    @SetMetadata('level', 'class')
    class Declared {
      @SetMetadata('level', 'method')
      run() {}
    }
    const reflector = container.resolve(Reflector);
    expect(reflector.getAllAndOverride('level', [Declared.prototype.run, Declared])).toBe('method');
    expect(reflector.get('level', Declared)).toBe('class');
    expect(reflector.getAllAndMerge('level', [Declared.prototype.run, Declared])).toBe('method');
  });
});
