import type { AuthInfo } from '../../context/client-exchange';
import { McpContext } from '../../context/mcp-context';
import type { JsonObject } from '../../core/protocol/json-rpc';
import { ErrorCode, McpError } from '../../core/protocol/mcp-error';
import { META } from '../../core/protocol/meta-keys';
import { reusable } from '../../core/protocol/reusable';
import { STATELESS_ERA_VERSION } from '../../core/protocol/versions';
import type { ServerCapabilities } from '../../features/capabilities';
import type { MethodSpec } from '../../features/method';
import { isPerCaller } from '../../features/tools.feature';
import type { Cancellation } from '../cancellation';
import type { EngineCore } from '../engine-core';
import type { InboundRequest } from '../inbound';
import { offeredMethod } from '../offered-method';
import type { Outbound } from '../outbound';
import { cacheHintsOf } from './cache-hints';
import type { Envelope } from './envelope';
import { InputRequiredSignal } from './input-required';
import { digestParams, SealedStateError, type StateBinding } from './sealed-state';
import { withServerInfo } from './server-info';
import { StatelessExchange } from './stateless-exchange';
import { StatelessTasks, TASKS_EXTENSION } from './stateless-tasks';

/** What a sealed requestState carries between rounds: every answer gathered so far. */
interface RoundState {
  answers: Record<string, JsonObject>;
  asked: string[];
  memory: Record<string, string>;
}

/**
 * Stateless era (2026-07-28): each request carries its own envelope; results carry `resultType`
 * and `serverInfo`; a handler that needs client input is answered `input_required` and replayed
 * when the client comes back with the answers and the sealed state. Resolves to the result, or
 * throws (as this era words it) what the error funnel turns into the JSON-RPC error.
 */
export function runStatelessRequest(
  engine: EngineCore,
  request: InboundRequest,
  outbound: Outbound,
  cancellation: Cancellation,
  auth: AuthInfo | undefined,
): Promise<JsonObject> {
  // Not async itself: the round is the one async step (its own catch words the errors), so a call
  // pays for one suspended frame and one promise here, not two.
  try {
    const { envelope } = request;
    if (!envelope) throw request.envelopeFault ?? missingEnvelope();
    if (request.method === 'server/discover') return Promise.resolve(discoverResult(engine));
    const spec = offeredMethod(engine, request.method, 'stateless');
    return runRound(engine, spec, request, envelope, outbound, cancellation, auth);
  } catch (error) {
    return Promise.reject(statelessError(error));
  }
}

async function runRound(
  engine: EngineCore,
  spec: MethodSpec,
  request: InboundRequest,
  envelope: Envelope,
  outbound: Outbound,
  cancellation: Cancellation,
  auth: AuthInfo | undefined,
): Promise<JsonObject> {
  const { params } = request;
  // Digesting the params costs a canonical JSON and a hash: only rounds that carry or need state pay it.
  let binding: StateBinding | undefined;
  let answers: Record<string, JsonObject> = {};
  let memory: Record<string, string> = {};
  let exchange: StatelessExchange | undefined;
  try {
    if (spec.interactive && params.requestState !== undefined) {
      binding = bindingOf(request, auth);
      ({ answers, memory } = gathered(engine, params, binding));
    }
    exchange = new StatelessExchange(
      envelope,
      outbound,
      answers,
      memory,
      !!spec.interactive,
      request.id,
      cancellation,
      auth,
    );
    const call = {
      params,
      context: new McpContext(exchange),
      registry: engine.registry,
      errors: engine.errors,
      pipeline: engine.pipeline,
      exchange,
      bus: engine.bus,
      capabilities: engine.capabilities(),
      tasks: StatelessTasks.of(engine),
    };
    const result = (await spec.run(call)) as JsonObject;
    return result.resultType === 'task' ? result : complete(engine, spec, result);
  } catch (error) {
    if (!(error instanceof InputRequiredSignal) || !exchange) throw statelessError(error);
    const asked = [...error.requests.keys()];
    return {
      resultType: 'input_required',
      inputRequests: Object.fromEntries(error.requests),
      requestState: engine.sealer.seal<RoundState>(
        { answers, asked, memory: exchange.memory },
        binding ?? bindingOf(request, auth),
      ),
    };
  }
}

/** The answers of earlier rounds (from the sealed state) plus this round's, for the keys that were asked. */
function gathered(
  engine: EngineCore,
  params: JsonObject,
  binding: StateBinding,
): { answers: Record<string, JsonObject>; memory: Record<string, string> } {
  if (params.requestState === undefined) return { answers: {}, memory: {} };
  if (typeof params.requestState !== 'string')
    throw McpError.invalidParams('Invalid params: "requestState" must be a string');
  const state = engine.sealer.open<RoundState>(params.requestState, binding);
  const responses = (params.inputResponses ?? {}) as Record<string, unknown>;
  const answers = { ...state.answers };
  for (const key of state.asked) {
    const answer = responses[key];
    if (typeof answer === 'object' && answer !== null) answers[key] = answer as JsonObject;
  }
  return { answers, memory: { ...state.memory } };
}

function bindingOf(request: InboundRequest, auth: AuthInfo | undefined): StateBinding {
  const { inputResponses: _answers, requestState: _state, _meta, ...original } = request.params;
  return { principal: auth?.subject ?? '', method: request.method, paramsDigest: digestParams(original) };
}

// Shared cacheable results (list pages) are finished once per page, and serialised once.
const finishedPages = new WeakMap<JsonObject, JsonObject>();

function complete(engine: EngineCore, spec: MethodSpec, result: JsonObject): JsonObject {
  if (spec.cacheable !== 'shared') return finish(engine, spec, result);
  let finished = finishedPages.get(result);
  if (!finished) {
    finished = reusable(finish(engine, spec, result));
    finishedPages.set(result, finished);
  }
  return finished;
}

function finish(engine: EngineCore, spec: MethodSpec, result: JsonObject): JsonObject {
  const meta = withServerInfo(engine.server, result._meta as JsonObject | undefined);
  // Copied key by key, not `{ ...result, resultType, _meta }`: V8 (Node 20) gives a spread followed
  // by more properties a slow path that costs ~1 µs and leaves an object later readers (the
  // outcome, the JSON encoder) find slower too. Same keys, same order, same values.
  const finished: JsonObject = {};
  for (const key of Object.keys(result)) {
    if (key === '__proto__')
      Object.defineProperty(finished, key, {
        value: result[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else finished[key] = result[key];
  }
  finished.resultType = 'complete';
  finished._meta = meta;
  if (spec.cacheable) {
    const hints = cacheHintsOf(engine.options);
    const perUser = spec.cacheable === 'per-user';
    finished.ttlMs = perUser ? hints.readTtlMs : hints.listTtlMs;
    // A list that guards filter differs per caller: a shared cache must not hand it to others.
    finished.cacheScope = perUser || isPerCaller(result) ? 'private' : 'public';
  }
  return finished;
}

// One discover result per capabilities object: the engine makes a new one when a list changes.
const discovered = new WeakMap<ServerCapabilities, JsonObject>();

function discoverResult(engine: EngineCore): JsonObject {
  const capabilities = engine.capabilities();
  let result = discovered.get(capabilities);
  if (!result) {
    result = {
      resultType: 'complete',
      supportedVersions: [STATELESS_ERA_VERSION],
      capabilities: statelessCapabilities(capabilities),
      _meta: withServerInfo(engine.server, undefined),
      ttlMs: cacheHintsOf(engine.options).discoverTtlMs,
      cacheScope: 'public',
    };
    if (engine.server.instructions) result.instructions = engine.server.instructions;
    discovered.set(capabilities, reusable(result));
  }
  return result;
}

/** A request served alone (no session to belong to) that names no protocol version in `_meta`. */
function missingEnvelope(): McpError {
  return McpError.invalidParams(`Invalid params: _meta["${META.protocolVersion}"] must be "${STATELESS_ERA_VERSION}"`);
}

/** The few places where 2026-07-28 answers differently from the session era. */
function statelessError(error: unknown): unknown {
  if (error instanceof SealedStateError) {
    return McpError.invalidParams(
      `Invalid params: requestState is ${error.reason}; start the request again without it`,
    );
  }
  if (error instanceof McpError && error.code === ErrorCode.ResourceNotFound) {
    return new McpError(ErrorCode.InvalidParams, error.message, error.data);
  }
  return error;
}

/** 2026-07-28 has no core `tasks` capability: tasks are the io.modelcontextprotocol/tasks extension. */
function statelessCapabilities(capabilities: ServerCapabilities): ServerCapabilities {
  const { tasks, ...rest } = capabilities;
  return tasks ? { ...rest, extensions: { [TASKS_EXTENSION]: {} } } : rest;
}
