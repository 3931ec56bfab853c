import { McpApplication, McpServer } from '../../src';
import { MemoryEventStore } from '../../src/state/memory/memory-event-store';
import type { HttpSession } from '../../src/transports/http/streamable/http-session';
import { SessionTable } from '../../src/transports/http/streamable/session-table';

@McpServer({ name: 'idle', version: '1.0.0' })
class IdleServer {}

const TTL_MS = 60_000;

/** What a streamable HTTP client does to open a session and then leave it idle. */
async function openIdle(table: SessionTable): Promise<HttpSession> {
  const session = table.create();
  await session.connection.receiveMessage(
    {
      jsonrpc: '2.0',
      id: 0,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'idle', version: '1.0.0' } },
    },
    { send: () => undefined },
  );
  const view = await table.open(session.id, undefined);
  await view?.connection.receiveMessage({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return session;
}

/** Own data property values, and the entries of Maps and Sets (no getters run, no prototypes). */
function children(value: object): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(value))) {
    if ('value' in descriptor) out.push([key, descriptor.value]);
  }
  if (value instanceof Map) for (const [k, v] of value) out.push([`<key>`, k], [`[${String(k)}]`, v]);
  if (value instanceof Set) for (const v of value) out.push(['<member>', v]);
  return out;
}

function reachable(root: object): Set<object> {
  const seen = new Set<object>();
  const stack: object[] = [root];
  while (stack.length > 0) {
    const next = stack.pop() as object;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const [, child] of children(next)) {
      if ((typeof child === 'object' && child !== null) || typeof child === 'function') stack.push(child);
    }
  }
  return seen;
}

/** The objects only `mine` reaches (those `other` reaches too are shared), each with a path to it. */
function ownObjects(mine: object, other: object): Map<object, string> {
  const shared = reachable(other);
  const own = new Map<object, string>();
  const stack: [object, string][] = [[mine, 'session']];
  while (stack.length > 0) {
    const [next, path] = stack.pop() as [object, string];
    if (own.has(next) || shared.has(next)) continue;
    own.set(next, path);
    for (const [key, child] of children(next)) {
      if ((typeof child === 'object' && child !== null) || typeof child === 'function') {
        stack.push([child, `${path}.${key}`]);
      }
    }
  }
  return own;
}

/** Maps, Sets and functions an idle session holds of its own: what it allocated before it needed them. */
function madeAhead(own: Map<object, string>): string[] {
  return [...own]
    .filter(([value]) => value instanceof Map || value instanceof Set || typeof value === 'function')
    .map(([value, path]) => `${path} (${typeof value === 'function' ? 'function' : value.constructor.name})`)
    .sort();
}

describe('an idle streamable HTTP session', () => {
  let app: McpApplication;
  let tables: SessionTable[];

  beforeEach(async () => {
    app = await McpApplication.create(IdleServer);
    tables = [];
  });

  afterEach(async () => {
    for (const table of tables) table.endAll('the test is over', { retryMs: 0 });
    await app.close();
  });

  function table(): SessionTable {
    const made = new SessionTable(app.engine, new MemoryEventStore(), TTL_MS);
    tables.push(made);
    return made;
  }

  it('holds no Map, Set or function of its own until it is used (the view that opened it)', async () => {
    const here = table();
    const [a, b] = [await openIdle(here), await openIdle(here)];
    expect(a.connection.session?.initialized).toBe(true);
    expect(madeAhead(ownObjects(a, b))).toEqual([]);
  });

  it('holds none either in a view another instance loads from the store', async () => {
    const here = table();
    const [a, b] = [await openIdle(here), await openIdle(here)];
    const there = table();
    const [viewA, viewB] = [await there.open(a.id, undefined), await there.open(b.id, undefined)];
    expect(viewA?.connection.session?.initialized).toBe(true);
    expect(madeAhead(ownObjects(viewA as HttpSession, viewB as HttpSession))).toEqual([]);
  });

  it('makes what a used session needs when it is first used, and it works', async () => {
    const here = table();
    const session = await openIdle(here);
    const channel = session.newChannel();
    expect(session.live(channel.streamId)).toBe(channel);
    expect(channel.streamId.startsWith(`${session.id}.`)).toBe(true);
    const state = session.connection.session;
    await state?.update({ subscribe: ['file:///a'] });
    expect([...(state?.subscriptions ?? [])]).toEqual(['file:///a']);
    const answer = await session.connection.receiveMessage(
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { send: () => undefined },
    );
    expect(answer).toEqual({ jsonrpc: '2.0', id: 1, result: {} });
  });

  it('keeps nothing per answered stream, and still forgets every stream when it ends', async () => {
    const forgotten: string[] = [];
    const store = new (class extends MemoryEventStore {
      override async forget(streamIds: readonly string[]): Promise<void> {
        forgotten.push(...streamIds);
        await super.forget(streamIds);
      }
    })();
    const here = new SessionTable(app.engine, store, TTL_MS);
    tables.push(here);
    const [session, other] = [await openIdle(here), await openIdle(here)];
    const opened = [session.openStandalone().streamId];
    /** What the session's own objects hold: every own property, element and entry. */
    const held = () => [...ownObjects(session, other).keys()].reduce((sum, value) => sum + children(value).length, 0);
    const answer = () => {
      const channel = session.newChannel();
      opened.push(channel.streamId);
      session.retire(channel);
    };
    answer();
    const afterOne = held();
    for (let i = 0; i < 100; i++) answer();
    expect(held()).toBe(afterOne);
    await here.end(session.id, 'the client ended it');
    await new Promise((resolve) => setImmediate(resolve));
    expect(forgotten).toEqual(opened);
  });
});
