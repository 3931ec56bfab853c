import type { Middleware as KoaMiddleware } from 'koa';
import { type DependencyContainer, injectable, container as rootContainer } from 'tsyringe';
import { flushCompileCache } from '../../loader/compile-cache.cjs';
import type { AuthOptions } from '../auth/auth-options';
import type { Invocable } from '../components/invocable';
import { Logger } from '../core/logging/logger';
import type { StateStores } from '../core/stores/state-stores';
import { scanServer } from '../discovery/scanner';
import { METHODS } from '../features/method-table';
import type { Constructor } from '../metadata/types';
import type { McpMiddleware } from '../pipeline/interfaces';
import { Reflector } from '../pipeline/reflector';
import { McpEngine } from '../protocol/engine';
import { McpRegistry } from '../registry/mcp-registry';
import type { SseOptions, StreamableHttpOptions } from '../transports/http/http-options';
import type { HttpServer, NodeHandler } from '../transports/http/http-server';
import type { MountableTransport, Transport } from '../transports/transport';
import type { ApplicationOptions, ListenOptions, MountOptions, TransportName } from './application-options';
import {
  getLaunchContext,
  resolveListenOptions,
  resolveProgressSettleMs,
  resolveStateOptions,
  resolveTimeoutMs,
} from './config';
import { ElicitationTracker } from './elicitation-tracker';
import { openState } from './open-state';
import { guardUnhandledRejections } from './rejection-guard';
import { ResourceNotifier } from './resource-notifier';
import { closeOnSignal } from './shutdown-signals';
import { answerStdioClients } from './stdio-client-notice';

type TransportFactory = (options: ListenOptions, logger: Logger) => Transport;

/**
 * Every transport the application can serve on, by the name configuration uses. Each is required when
 * chosen, not imported: a stdio server never loads Koa and its middleware, an HTTP server never loads
 * the stdio line framing.
 */
const TRANSPORTS: Record<TransportName, TransportFactory> = {
  stdio: (options, logger) => {
    const stdio: typeof import('../transports/stdio.transport') = require('../transports/stdio.transport');
    return new stdio.StdioTransport(logger, {
      maxMessageBytes: options.maxMessageBytes,
      auth: options.auth as AuthOptions | undefined,
    });
  },
  'streamable-http': (options, logger) => {
    const http: typeof import('../transports/http/streamable-http.transport') = require('../transports/http/streamable-http.transport');
    return new http.StreamableHttpTransport(logger, options as StreamableHttpOptions);
  },
  sse: (options, logger) => {
    const http: typeof import('../transports/http/sse.transport') = require('../transports/http/sse.transport');
    return new http.SseTransport(logger, options as SseOptions);
  },
};

function allComponents(registry: McpRegistry): Invocable[] {
  return [
    ...registry.tools.enabled(),
    ...registry.resources.enabled(),
    ...registry.templates.enabled(),
    ...registry.prompts.enabled(),
    ...registry.completers.values(),
  ];
}

/**
 * An MCP server built from one `@McpServer` class: created once (scan, DI, schemas), then served
 * over the transport that configuration picks.
 */
export class McpApplication {
  private transport?: Transport;
  private closing?: Promise<void>;
  private unguard?: () => void;
  private stopAnswering?: () => void;
  private releaseSignals?: () => void;
  private readonly httpMiddleware: KoaMiddleware[] = [];
  /** Served inside the user's server (koa(), handler()): no URL of its own, no signal handlers. */
  private mounted = false;

  private constructor(
    readonly engine: McpEngine,
    readonly registry: McpRegistry,
    readonly logger: Logger,
    /** The application's container, kept after create: it builds guards, interceptors, pipes and filters. */
    readonly container: DependencyContainer,
    /** Sessions, event logs, tasks and the bus: in this process, or in the Redis instances share. */
    readonly stores: StateStores,
  ) {}

  static async create(serverClass: Constructor, options: ApplicationOptions = {}): Promise<McpApplication> {
    const logger =
      options.logger instanceof Logger ? options.logger : options.logger ? Logger.to(options.logger) : new Logger();
    // Read first: a bad state configuration (Redis without a shared stateKey) stops start-up here.
    const state = resolveStateOptions({ state: options.state, stateKey: options.stateKey });
    const timeoutMs = resolveTimeoutMs(options.timeoutMs);
    const progressSettleMs = resolveProgressSettleMs(options.progressSettleMs);
    const container = (options.container ?? rootContainer).createChildContainer();
    const registry = new McpRegistry(options.pageSize);
    const notifier = new ResourceNotifier();
    container.registerInstance(McpRegistry, registry);
    container.registerInstance(ResourceNotifier, notifier);
    const elicitations = new ElicitationTracker();
    container.registerInstance(ElicitationTracker, elicitations);
    container.registerInstance(Reflector, new Reflector());
    injectable()(serverClass);
    let instance: Record<string, (...args: unknown[]) => unknown> | undefined;
    const resolve = () => {
      instance ??= container.resolve(serverClass) as Record<string, (...args: unknown[]) => unknown>;
      return instance;
    };
    const server = scanServer(serverClass, resolve, registry);
    resolve(); // fail at start-up, not on the first call, when a dependency cannot be built
    const stores = await openState(state, logger);
    try {
      const engine = new McpEngine(
        {
          registry,
          server,
          methods: METHODS,
          bus: options.bus ?? stores.bus,
          taskStore: options.taskStore ?? stores.tasks,
          sessions: options.sessionStore ?? stores.sessions,
          logger,
          resolve: (cls) => container.resolve(cls),
        },
        {
          ...options,
          counterStore: options.counterStore ?? stores.counters,
          stateKey: state.stateKey,
          timeoutMs,
          progressSettleMs,
        },
      );
      // Guards, interceptors, pipes and filters are built and checked now: a mistake fails start-up.
      engine.pipeline.prepare(allComponents(registry));
      notifier.attach(engine);
      elicitations.attach(engine);
      return new McpApplication(engine, registry, logger, container, stores);
    } catch (error) {
      await stores.close();
      throw error;
    }
  }

  /**
   * Adds middleware around every MCP request (any method), Koa-style: `next()` runs the request
   * and resolves to its result. The first added runs outermost.
   */
  use(middleware: McpMiddleware): this {
    this.engine.pipeline.use(middleware);
    return this;
  }

  /**
   * Serves the application on the transport configuration picks: built-in defaults, then
   * nest-cli-like.config.json, then ARMATURE_* variables, then `armature` CLI flags, then `argument`.
   */
  async listen(argument: ListenOptions = {}): Promise<void> {
    if (this.transport) throw new Error('The application is already listening');
    const inspect = getLaunchContext()?.inspect;
    if (inspect) return inspect(this);
    const options = resolveListenOptions(argument);
    const name = options.transport as TransportName;
    const factory = Object.hasOwn(TRANSPORTS, name) ? TRANSPORTS[name] : undefined;
    if (!factory) throw new Error(`Unknown transport "${name}": use stdio, sse or streamable-http`);
    this.transport = factory(this.transportOptions(options), this.logger);
    await this.transport.start(this.engine);
    // What a cold start compiled is written now, not at exit: a server is usually killed, not exited.
    flushCompileCache();
    getLaunchContext()?.onListening?.(this.transport.url);
    this.unguard = guardUnhandledRejections(this.logger);
    const deadline = options.shutdownTimeoutMs ?? 10_000;
    this.releaseSignals = closeOnSignal(() => this.close(deadline));
    if (name === 'stdio' && options.exitOnEnd !== false) {
      // The client closed stdin: nothing is left to serve.
      void this.transport.ended.then(() => this.close(deadline).then(() => process.exit(0)));
    }
    if (name !== 'stdio') this.stopAnswering = answerStdioClients(name, this.transport.url, this.logger);
  }

  /**
   * Adds Koa middleware to the server `listen()` owns, e.g. your own routes beside MCP
   * (`app.useHttp(router.routes())`). It runs after the Host/Origin check and before the MCP
   * routes, in the order added; MCP's bearer auth and error envelope stay on the MCP paths.
   * Any state and context types are accepted, as Koa's own `use()` does: a router's `routes()`
   * is middleware over a context it extends.
   */
  useHttp(...middleware: KoaMiddleware<any, any>[]): this {
    if (this.transport) throw new Error('useHttp() must be called before listen()');
    this.httpMiddleware.push(...(middleware as KoaMiddleware[]));
    return this;
  }

  /**
   * Koa middleware serving the MCP endpoint(s) and the health probes inside your own Koa app,
   * without listening; every other request passes on to your middleware. Whatever your own
   * middleware puts in `ctx.state.auth` (an `AuthInfo`) is the principal tools see. Options
   * resolve as for `listen()`; `transport: 'sse'` serves legacy SSE, anything else streamable HTTP.
   * `close()` ends MCP sessions and streams and drains in-flight requests, not your server.
   */
  koa(argument: MountOptions = {}): KoaMiddleware {
    return this.mount(argument).koa();
  }

  /**
   * A `node:http` request listener serving the same endpoint(s) (`createServer(app.handler())`);
   * as Express middleware it passes the requests that are not MCP's on with `next()`.
   */
  handler(argument: MountOptions = {}): NodeHandler {
    return this.mount(argument).handler();
  }

  private mount(argument: MountOptions): HttpServer {
    if (this.transport) throw new Error('The application is already serving (listen(), koa() or handler() was called)');
    if (this.httpMiddleware.length > 0) {
      throw new Error(
        'useHttp() adds routes to the server listen() owns; with koa() or handler(), add them to your own app',
      );
    }
    const options = resolveListenOptions(argument);
    const name: TransportName = options.transport === 'sse' ? 'sse' : 'streamable-http';
    const transport = TRANSPORTS[name]({ ...this.transportOptions(options), transport: name }, this.logger);
    this.transport = transport;
    this.mounted = true;
    return (transport as MountableTransport).mount(this.engine);
  }

  /** What every transport gets from the application besides the configured options. */
  private transportOptions(options: ListenOptions): ListenOptions {
    return {
      // The transports keep their SSE event logs where the application keeps the rest of its state.
      eventStore: this.stores.events,
      // ...and say there which instance holds which stream.
      instances: this.stores.instances,
      // Readiness asks the same state whether it answers.
      checkState: (timeoutMs: number) => this.stores.ping(timeoutMs),
      middleware: this.httpMiddleware,
      ...options,
    };
  }

  /** Where the application serves over HTTP once listening (`http://127.0.0.1:PORT/mcp`, or `.../sse`). */
  get url(): string | undefined {
    return this.mounted ? undefined : this.transport?.url;
  }

  /** Stops taking work, lets in-flight requests finish (within the deadline), closes connections and stores. */
  close(deadlineMs = 10_000): Promise<void> {
    this.closing ??= (async () => {
      this.releaseSignals?.();
      this.stopAnswering?.();
      try {
        await this.transport?.close(deadlineMs);
      } finally {
        this.unguard?.();
        await this.stores.close();
      }
    })();
    return this.closing;
  }
}
