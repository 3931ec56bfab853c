// The bench driver: for each row, start the server pinned to core 0, check its answer, drive it
// from core 1 (this process and wrk are pinned there by run.sh), stop it; then print the tables
// and write RESULTS.md. Every load loop has a fixed duration. Env:
//   QUICK=1        1 s runs (development); default 5 s runs
//   RUNS=n         runs per measurement (default 3; the median is reported)
//   ROWS=a,b       only rows whose id contains one of these strings
//   SKIP=list,sessions,streams,startup,stdio,sse   skip metric groups
//   PROFILE=1      only profile Armature's streamable-HTTP row under load (see lib/top-frames.js)
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { startServer, stopServer, rssKiB, sleep } = require('./lib/proc');
const C = require('./lib/clients');
const { bodyParts, runWrk } = require('./lib/wrk');

const QUICK = process.env.QUICK === '1';
const DURATION_S = Number(process.env.DURATION || (QUICK ? 1 : 5));
const RUNS = Math.max(1, Number(process.env.RUNS || 3));
const CONCURRENCY = [1, 16, 64];
const LIST_CONCURRENCY = 16;
const LIST_TOOLS = 1000;
const SESSIONS = QUICK ? [200, 1000] : [1000, 10000];
const STREAMS = QUICK ? 200 : 1000;
const SESSION_BUDGET_MS = QUICK ? 10_000 : 45_000;
const CLIENT_CPU = process.env.CLIENT_CPU ?? '1';
const ONLY = (process.env.ROWS || '').split(',').filter(Boolean);
const SKIP = new Set((process.env.SKIP || '').split(',').filter(Boolean));
const HERE = __dirname;
const ARMATURE_FROM = process.env.ARMATURE_FROM || 'dist';

let nextPort = 3101 + Math.floor(Math.random() * 50) * 20;
const port = () => nextPort++;

// ---- rows ----------------------------------------------------------------------------------
// kind: plain (no MCP headers), stateless (session-era request, no session), session (initialize,
// then Mcp-Session-Id), modern (2026-07-28 envelope + Mcp-* headers).
const HTTP_ROWS = [
  { id: 'bare-http', label: 'bare node:http (limit)', file: 'servers/bare-http.js', kind: 'plain' },
  { id: 'bare-koa', label: 'bare Koa 3 (limit)', file: 'servers/bare-koa.js', kind: 'plain' },
  // Floors for the rows whose bytes are not echo's: bare Koa reading, checking and answering the same
  // request and answer shapes (servers/bare-koa.js FLOOR), so "vs its bytes on Koa" separates what the
  // protocol's bytes cost from what Armature adds. The last one only starts: bare Koa that loads
  // class-validator, what every server with DTO inputs loads before its first line runs.
  {
    id: 'bare-koa-modern',
    label: 'bare Koa 3, 2026-07-28 bytes (floor)',
    file: 'servers/bare-koa.js',
    env: { FLOOR: 'modern' },
    kind: 'modern',
    noList: true,
  },
  {
    id: 'bare-koa-realistic',
    label: "bare Koa 3, the realistic tool's bytes, no validation (floor)",
    file: 'servers/bare-koa.js',
    env: { FLOOR: 'realistic' },
    kind: 'plain',
    tool: 'plan_trip',
    noList: true,
  },
  {
    id: 'bare-koa-class-validator',
    label: 'bare Koa 3 + class-validator loaded (start-up floor)',
    file: 'servers/bare-koa.js',
    env: { CLASS_VALIDATOR: '1' },
    startupOnly: true,
  },
  {
    id: 'sdk1-stateless',
    label: 'SDK v1: stateless, server per request, JSON',
    file: 'servers/sdk1.js',
    env: { MODE: 'stateless' },
    kind: 'stateless',
  },
  {
    id: 'sdk1-stateful-json',
    sessions: true,
    label: 'SDK v1: stateful, JSON responses',
    file: 'servers/sdk1.js',
    env: { MODE: 'stateful-json' },
    kind: 'session',
  },
  {
    id: 'sdk1-stateful-sse',
    label: 'SDK v1: stateful, SSE responses',
    file: 'servers/sdk1.js',
    env: { MODE: 'stateful-sse' },
    kind: 'session',
  },
  {
    id: 'sdk2-modern',
    label: 'SDK v2: 2026-07-28 requests',
    file: 'servers/sdk2.js',
    env: { MODE: 'modern' },
    kind: 'modern',
    floor: 'bare-koa-modern',
  },
  {
    id: 'sdk2-stateful',
    sessions: true,
    label: 'SDK v2: session-era stateful, JSON',
    file: 'servers/sdk2.js',
    env: { MODE: 'stateful' },
    kind: 'session',
  },
  {
    id: 'fastmcp-stateless',
    label: 'fastmcp httpStream: stateless',
    file: 'servers/fastmcp.mjs',
    env: { MODE: 'stateless' },
    kind: 'stateless',
  },
  {
    id: 'fastmcp-stateful',
    sessions: true,
    label: 'fastmcp httpStream: stateful',
    file: 'servers/fastmcp.mjs',
    env: { MODE: 'stateful' },
    kind: 'session',
  },
  {
    id: 'armature-stateful-json',
    sessions: true,
    label: 'Armature: stateful, JSON responses',
    file: 'servers/armature.js',
    env: { MODE: 'stateful-json' },
    kind: 'session',
    armature: true,
  },
  // The reference row's server with every component called directly (lib/direct-invoke.js): the gap
  // to the row above is what the call pipeline costs a tool with nothing declared around it.
  {
    id: 'armature-direct',
    label: 'Armature: stateful, JSON, components called directly (no call pipeline)',
    file: 'servers/armature.js',
    env: { MODE: 'stateful-json', PIPELINE: 'direct' },
    kind: 'session',
    noList: true,
    armature: true,
  },
  {
    id: 'armature-stateful-sse',
    label: 'Armature: stateful, SSE responses',
    file: 'servers/armature.js',
    env: { MODE: 'stateful-sse' },
    kind: 'session',
    armature: true,
  },
  {
    id: 'armature-stateless',
    label: 'Armature: session-era stateless',
    file: 'servers/armature.js',
    env: { MODE: 'stateless' },
    kind: 'stateless',
    armature: true,
  },
  {
    id: 'armature-modern',
    label: 'Armature: 2026-07-28 requests',
    file: 'servers/armature.js',
    env: { MODE: 'modern' },
    kind: 'modern',
    floor: 'bare-koa-modern',
    armature: true,
  },
  {
    id: 'armature-stateful-auto',
    label: 'Armature: stateful, auto responses (the default)',
    file: 'servers/armature.js',
    env: { MODE: 'stateful-auto' },
    kind: 'session',
    armature: true,
  },
  // The realistic tool (clients.js TRIP: eight fields, formats, lengths, an enum, a range, nested DTOs),
  // once in a server that declares 500 other distinct DTO classes and once in one with none: the gap is
  // what the number of DTO classes in the process costs each call. tools/list is the echo rows' business.
  {
    id: 'armature-realistic-500dtos',
    label: 'Armature: realistic tool, 500 other DTO classes',
    file: 'servers/armature.js',
    env: { MODE: 'stateful-json', REALISTIC: '1', DTOS: '500' },
    kind: 'session',
    tool: 'plan_trip',
    noList: true,
    floor: 'bare-koa-realistic',
    armature: true,
  },
  {
    id: 'armature-realistic-1dto',
    label: 'Armature: realistic tool, no other DTO class',
    file: 'servers/armature.js',
    env: { MODE: 'stateful-json', REALISTIC: '1', DTOS: '0' },
    kind: 'session',
    tool: 'plan_trip',
    noList: true,
    floor: 'bare-koa-realistic',
    armature: true,
  },
];
const SSE_ROWS = [
  { id: 'sdk1-sse', label: 'SDK v1: legacy HTTP+SSE', file: 'servers/sdk1.js', env: { MODE: 'sse' } },
  {
    id: 'armature-sse',
    label: 'Armature: legacy HTTP+SSE',
    file: 'servers/armature.js',
    env: { MODE: 'sse' },
    armature: true,
  },
];
const STDIO_ROWS = [
  { id: 'sdk1-stdio', label: 'SDK v1: stdio', file: 'servers/sdk1.js', env: { MODE: 'stdio' } },
  {
    id: 'armature-stdio',
    label: 'Armature: stdio',
    file: 'servers/armature.js',
    env: { MODE: 'stdio' },
    armature: true,
  },
  {
    id: 'armature-stdio-modern',
    label: 'Armature: stdio, 2026-07-28 requests',
    file: 'servers/armature.js',
    env: { MODE: 'stdio' },
    kind: 'modern',
    noStartup: true,
    armature: true,
  },
];
const REF_KOA = 'bare-koa';
const REF_ARM = 'armature-stateful-json';
const REF_DIRECT = 'armature-direct';

const selected = (row) => !ONLY.length || ONLY.some((s) => row.id.includes(s));
const envOf = (row, extra) => ({ ...(row.env || {}), ...(row.armature ? { ARMATURE_FROM } : {}), ...extra });
const median = (xs) => {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return Number.NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const log = (...a) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---- wrk (lib/wrk.js) ---------------------------------------------------------------------------
const wrk = (portNo, c, seconds, spec) => runWrk(portNo, c, seconds, spec, CLIENT_CPU);

/** RUNS wrk runs; medians of req/s, p50 and p99; errors summed. */
async function wrkMedian(portNo, c, spec) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(await wrk(portNo, c, DURATION_S, spec));
  return summarise(runs);
}

function summarise(runs) {
  return {
    rps: median(runs.map((r) => r.rps)),
    p50_us: median(runs.map((r) => r.p50_us)),
    p99_us: median(runs.map((r) => r.p99_us)),
    errors: runs.reduce((s, r) => s + r.errors, 0),
    runs: runs.map((r) => Math.round(r.rps)),
  };
}

// ---- metric groups ---------------------------------------------------------------------------
async function benchHttpRow(row) {
  const res = { id: row.id, label: row.label, call: {}, startup: {} };
  if (row.startupOnly) {
    res.startupOnly = true;
    if (!SKIP.has('startup')) await startupSamples(row, res);
    return res;
  }
  const p = port();
  let server;
  try {
    server = await startServer(path.join(HERE, row.file), { ...envOf(row), PORT: String(p), TOOLS: '1' });
    res.startup.one = [server.readyMs];
    const setup = await C.setupHttp(p, '/mcp', row.kind, row.tool);
    await C.checkEchoHttp(p, '/mcp', row.kind, setup, row.tool);
    const spec = { ...bodyParts(row.kind, 'tools/call', row.tool), headers: setup.headers('tools/call') };
    for (const c of CONCURRENCY) {
      res.call[c] = await wrkMedian(p, c, spec);
      log(
        `${row.id} tools/call c=${c}: ${Math.round(res.call[c].rps)} req/s p99 ${(res.call[c].p99_us / 1000).toFixed(2)} ms (runs ${res.call[c].runs.join(', ')}; errors ${res.call[c].errors})`,
      );
    }
    await C.checkEchoHttp(p, '/mcp', row.kind, setup, row.tool); // still right after load
    res.rssAfterLoadKiB = rssKiB(server.pid);
  } catch (e) {
    res.error = firstLine(e);
    log(`${row.id}: ${e.stack || e}`);
  } finally {
    if (server) await stopServer(server);
  }
  if (res.error) return res;

  if (!SKIP.has('list') && !row.noList) {
    const q = port();
    try {
      server = await startServer(path.join(HERE, row.file), {
        ...envOf(row),
        PORT: String(q),
        TOOLS: String(LIST_TOOLS),
        PAGE_SIZE: String(LIST_TOOLS),
      });
      res.startup.thousand = [server.readyMs];
      const setup = await C.setupHttp(q, '/mcp', row.kind);
      res.listCount = await C.checkListHttp(q, '/mcp', row.kind, setup);
      const spec = { ...bodyParts(row.kind, 'tools/list'), headers: setup.headers('tools/list') };
      res.list = await wrkMedian(q, LIST_CONCURRENCY, spec);
      log(`${row.id} tools/list (${res.listCount} tools) c=${LIST_CONCURRENCY}: ${Math.round(res.list.rps)} req/s`);
    } catch (e) {
      res.listError = firstLine(e);
      log(`${row.id} tools/list: ${e.stack || e}`);
    } finally {
      await stopServer(server);
    }
  }
  if (!SKIP.has('startup')) await startupSamples(row, res);
  if (!SKIP.has('sessions') && row.sessions) await sessionCost(row, res);
  return res;
}

/** Two more cold starts each with 1 and 1,000 tools (the first sample came from the load runs). */
async function startupSamples(row, res) {
  for (const [key, tools] of [
    ['one', 1],
    ['thousand', LIST_TOOLS],
  ]) {
    res.startup[key] ??= [];
    while (res.startup[key].length < 3) {
      try {
        const s = await startServer(
          path.join(HERE, row.file),
          { ...envOf(row), PORT: String(port()), TOOLS: String(tools) },
          { stdio: !!row.stdio },
        );
        res.startup[key].push(s.readyMs);
        await stopServer(s);
      } catch (e) {
        log(`${row.id} start-up: ${firstLine(e)}`);
        break;
      }
    }
  }
}

/** RSS after asking the server (started with --expose-gc) to collect garbage. */
async function settledRss(server) {
  try {
    process.kill(server.pid, 'SIGUSR2');
  } catch {}
  await sleep(700);
  const heaps = [...server.stderr().matchAll(/BENCH_HEAP (\d+)/g)];
  server.heap = heaps.length ? Number(heaps[heaps.length - 1][1]) : Number.NaN;
  return rssKiB(server.pid);
}

/** initialize cost and RSS per idle session (1,000 and 10,000), 16 handshakes in flight. */
async function sessionCost(row, res) {
  const p = port();
  let server;
  try {
    server = await startServer(
      path.join(HERE, row.file),
      { ...envOf(row), PORT: String(p), TOOLS: '1' },
      { nodeArgs: ['--expose-gc'] },
    );
    await C.setupHttp(p, '/mcp', 'session'); // warm the path once
    const base = await settledRss(server);
    const baseHeap = server.heap;
    res.sessions = { baseKiB: base, points: [] };
    let made = 0;
    const t0 = process.hrtime.bigint();
    for (const target of SESSIONS) {
      const deadline = Date.now() + SESSION_BUDGET_MS; // bounded: a slow handshake reports fewer sessions
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (made < target && Date.now() < deadline) {
            made++;
            await C.setupHttp(p, '/mcp', 'session');
          }
        }),
      );
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const rss = await settledRss(server);
      res.sessions.points.push({
        sessions: made,
        rssKiB: rss,
        perSessionB: ((rss - base) * 1024) / made,
        heapPerSessionB: (server.heap - baseHeap) / made,
        initPerSec: made / secs,
      });
      log(
        `${row.id} ${made} sessions: RSS ${Math.round(rss / 1024)} MiB, ${Math.round(((rss - base) * 1024) / made)} B/session, ${Math.round(made / secs)} initialize/s`,
      );
    }
  } catch (e) {
    res.sessionsError = firstLine(e);
    log(`${row.id} sessions: ${e.stack || e}`);
  } finally {
    if (server) await stopServer(server);
  }
}

/** Legacy HTTP+SSE: round trips at 1 and 64 in flight on one session; RSS per 1,000 open streams. */
async function benchSseRow(row) {
  const res = { id: row.id, label: row.label, rt: {} };
  const p = port();
  let server;
  let client;
  try {
    server = await startServer(path.join(HERE, row.file), { ...envOf(row), PORT: String(p), TOOLS: '1' });
    client = new C.LegacySseClient(p);
    await client.open();
    await client.initialize();
    C.assertEcho(await client.request(1, 'tools/call', C.callParams('session')));
    for (const c of [1, 64]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(
          await C.closedLoop(c, DURATION_S * 1000, (id) =>
            client.request(id + i * 1e7 + c * 1e9, 'tools/call', C.callParams('session')),
          ),
        );
      }
      res.rt[c] = summarise(runs);
      log(`${row.id} tools/call ${c} in flight: ${Math.round(res.rt[c].rps)} req/s`);
    }
    res.rssAfterLoadKiB = rssKiB(server.pid);
    client.close();
    client = undefined;
    if (!SKIP.has('streams')) {
      await stopServer(server);
      server = await startServer(
        path.join(HERE, row.file),
        { ...envOf(row), PORT: String(p), TOOLS: '1' },
        { nodeArgs: ['--expose-gc'] },
      );
      const warm = new C.LegacySseClient(p);
      await warm.open();
      warm.close();
      const base = await settledRss(server);
      const baseHeap = server.heap;
      const streams = [];
      for (let i = 0; i < STREAMS; i++) {
        const s = new C.LegacySseClient(p);
        await s.open();
        streams.push(s);
      }
      const rss = await settledRss(server);
      res.streams = {
        n: STREAMS,
        perStreamB: ((rss - base) * 1024) / STREAMS,
        heapPerStreamB: (server.heap - baseHeap) / STREAMS,
        rssKiB: rss,
      };
      log(`${row.id} ${STREAMS} open SSE streams: ${Math.round(res.streams.perStreamB)} B/stream`);
      for (const s of streams) s.close();
    }
  } catch (e) {
    res.error = firstLine(e);
    log(`${row.id}: ${e.stack || e}`);
  } finally {
    client?.close();
    if (server) await stopServer(server);
  }
  return res;
}

/**
 * stdio: sequential and 64-in-flight round trips through the child's stdin/stdout. Session-era rows
 * initialize first; 2026-07-28 rows (`kind: 'modern'`) carry the envelope in every request instead.
 */
async function benchStdioRow(row) {
  const res = { id: row.id, label: row.label, rt: {} };
  const kind = row.kind ?? 'session';
  let server;
  try {
    server = await startServer(path.join(HERE, row.file), { ...envOf(row), TOOLS: '1' }, { stdio: true });
    const client = new C.StdioClient(server.child);
    if (kind === 'session') await client.initialize();
    C.assertEcho(await client.request(1, 'tools/call', C.callParams(kind)));
    for (const c of [1, 64]) {
      const runs = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(
          await C.closedLoop(c, DURATION_S * 1000, (id) =>
            client.request(id + i * 1e7 + c * 1e9, 'tools/call', C.callParams(kind)),
          ),
        );
      }
      res.rt[c] = summarise(runs);
      log(`${row.id} tools/call ${c} in flight: ${Math.round(res.rt[c].rps)} req/s`);
    }
    res.rssAfterLoadKiB = rssKiB(server.pid);
    server.child.stdin.end();
  } catch (e) {
    res.error = firstLine(e);
    log(`${row.id}: ${e.stack || e}`);
  } finally {
    if (server) await stopServer(server);
  }
  if (!SKIP.has('startup') && !res.error && !row.noStartup) {
    res.startup = {};
    await startupSamples({ ...row, stdio: true }, res);
  }
  return res;
}

const firstLine = (e) =>
  String(e?.message ? e.message : e)
    .split('\n')[0]
    .slice(0, 160);

// ---- tables ----------------------------------------------------------------------------------
const fmtRps = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const fmtMs = (us) => (Number.isFinite(us) ? (us / 1000).toFixed(2) : 'n/a');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');
const na = (row) => `n/a (${row.error})`;

function tables(all) {
  const byId = Object.fromEntries(all.http.map((r) => [r.id, r]));
  const koa = byId[REF_KOA];
  const arm = byId[REF_ARM];
  const out = [];
  out.push(
    `### tools/call over streamable HTTP (keep-alive; req/s, p50 / p99 ms; medians of ${RUNS} × ${DURATION_S} s)\n`,
  );
  out.push(
    '| row | c=1 req/s | c=1 p50 / p99 | c=16 req/s | c=16 p50 / p99 | c=64 req/s | c=64 p50 / p99 | c=64 vs Koa | c=16 / c=64 vs its bytes on Koa | c=64 vs Armature | p99 c=64 vs Koa | RSS after load |',
  );
  out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of all.http) {
    if (r.startupOnly) continue;
    if (r.error) {
      out.push(`| ${r.label} | ${na(r)} | | | | | | | | | | |`);
      continue;
    }
    const floor = byId[HTTP_ROWS.find((row) => row.id === r.id)?.floor];
    const vsFloor = floor
      ? `${ratio(r.call[16]?.rps, floor.call?.[16]?.rps)} / ${ratio(r.call[64]?.rps, floor.call?.[64]?.rps)}`
      : '–';
    const cells = CONCURRENCY.flatMap((c) => [
      fmtRps(r.call[c]?.rps),
      `${fmtMs(r.call[c]?.p50_us)} / ${fmtMs(r.call[c]?.p99_us)}${r.call[c]?.errors ? ` (${r.call[c].errors} errors)` : ''}`,
    ]);
    out.push(
      `| ${r.label} | ${cells.join(' | ')} | ${ratio(r.call[64]?.rps, koa?.call?.[64]?.rps)} | ${vsFloor} | ${ratio(r.call[64]?.rps, arm?.call?.[64]?.rps)} | ${ratio(r.call[64]?.p99_us, koa?.call?.[64]?.p99_us)} | ${fmtMiB(r.rssAfterLoadKiB)} |`,
    );
  }
  const direct = byId[REF_DIRECT];
  if (arm && direct && !arm.error && !direct.error) {
    const cost = (c) => {
      const a = arm.call[c]?.rps;
      const d = direct.call[c]?.rps;
      return Number.isFinite(a) && Number.isFinite(d) ? `${(((d - a) / a) * 100).toFixed(1)} %` : 'n/a';
    };
    out.push(
      `\nCall pipeline cost with nothing declared (Armature stateful JSON against the same server calling components directly; extra time per call, from req/s): ${CONCURRENCY.map((c) => `c=${c} ${cost(c)}`).join(', ')}. Rows run one after the other: on a loaded machine \`node bench/pipeline-cost.js\` (alternating runs) is the closer measurement.`,
    );
  }
  if (!SKIP.has('list')) {
    out.push(
      `\n### tools/list with ${LIST_TOOLS} tools (c=${LIST_CONCURRENCY}; every row asked for one page of all ${LIST_TOOLS}: Armature runs with pageSize ${LIST_TOOLS})\n`,
    );
    out.push('| row | tools in the reply | req/s | p50 / p99 ms | vs Koa | vs Armature |');
    out.push('|---|---:|---:|---:|---:|---:|');
    for (const r of all.http) {
      if (r.startupOnly) continue;
      if (r.error || r.listError || !r.list) {
        out.push(`| ${r.label} | n/a (${r.error || r.listError || 'skipped'}) | | | | |`);
        continue;
      }
      out.push(
        `| ${r.label} | ${r.listCount} | ${fmtRps(r.list.rps)} | ${fmtMs(r.list.p50_us)} / ${fmtMs(r.list.p99_us)} | ${ratio(r.list.rps, koa?.list?.rps)} | ${ratio(r.list.rps, arm?.list?.rps)} |`,
      );
    }
  }
  const rtRows = [...all.sse, ...all.stdio];
  if (rtRows.length) {
    out.push(
      '\n### Legacy HTTP+SSE and stdio round trips (tools/call; a Node client on core 1; "vs Armature" compares with Armature on the same transport)\n',
    );
    out.push(
      '| row | sequential req/s | p50 / p99 ms | 64 in flight req/s | p50 / p99 ms | 64 in flight vs Armature | RSS after load |',
    );
    out.push('|---|---:|---:|---:|---:|---:|---:|');
    for (const r of rtRows) {
      if (r.error) {
        out.push(`| ${r.label} | ${na(r)} | | | | | |`);
        continue;
      }
      const ref = rtRows.find((x) => x.id === (r.id.includes('stdio') ? 'armature-stdio' : 'armature-sse'));
      out.push(
        `| ${r.label} | ${fmtRps(r.rt[1]?.rps)} | ${fmtMs(r.rt[1]?.p50_us)} / ${fmtMs(r.rt[1]?.p99_us)} | ${fmtRps(r.rt[64]?.rps)} | ${fmtMs(r.rt[64]?.p50_us)} / ${fmtMs(r.rt[64]?.p99_us)} | ${ratio(r.rt[64]?.rps, ref?.rt?.[64]?.rps)} | ${fmtMiB(r.rssAfterLoadKiB)} |`,
      );
    }
  }
  const withStartup = [...all.http, ...all.stdio].filter(
    (r) => r.startup && (r.startup.one?.length || r.startup.thousand?.length),
  );
  if (withStartup.length) {
    out.push("\n### Start-up (spawn to listening, wall clock, including Node's own boot; median of 3)\n");
    out.push('| row | 1 tool ms | 1,000 tools ms |');
    out.push('|---|---:|---:|');
    for (const r of withStartup)
      out.push(`| ${r.label} | ${fmtInt(median(r.startup.one || []))} | ${fmtInt(median(r.startup.thousand || []))} |`);
  }
  const withSessions = all.http.filter((r) => r.sessions || r.sessionsError);
  if (withSessions.length) {
    out.push(
      '\n### Sessions (initialize + notifications/initialized, 16 in flight; RSS growth per idle session, keep-alive sockets reused)\n',
    );
    out.push(
      `| row | initialize/s | RSS B/session at ${SESSIONS[0].toLocaleString('en-US')} | RSS B/session at ${SESSIONS[1].toLocaleString('en-US')} | heap B/session at ${SESSIONS[1].toLocaleString('en-US')} | RSS at ${SESSIONS[1].toLocaleString('en-US')} |`,
    );
    out.push('|---|---:|---:|---:|---:|---:|');
    for (const r of withSessions) {
      if (!r.sessions) {
        out.push(`| ${r.label} | n/a (${r.sessionsError}) | | | | |`);
        continue;
      }
      const [a, b] = r.sessions.points;
      const at = (pt, target, v) =>
        pt
          ? `${fmtInt(v)}${pt.sessions < target ? ` (only ${pt.sessions.toLocaleString('en-US')} in time)` : ''}`
          : 'n/a';
      out.push(
        `| ${r.label} | ${fmtRps(b?.initPerSec ?? a?.initPerSec)} | ${at(a, SESSIONS[0], a?.perSessionB)} | ${at(b, SESSIONS[1], b?.perSessionB)} | ${at(b, SESSIONS[1], b?.heapPerSessionB)} | ${fmtMiB(b?.rssKiB)} |`,
      );
    }
  }
  const withStreams = all.sse.filter((r) => r.streams);
  if (withStreams.length) {
    out.push(`\n### Open legacy SSE streams (${STREAMS.toLocaleString('en-US')} idle GET /sse streams)\n`);
    out.push('| row | RSS B/stream | heap B/stream | RSS |');
    out.push('|---|---:|---:|---:|');
    for (const r of withStreams)
      out.push(
        `| ${r.label} | ${fmtInt(r.streams.perStreamB)} | ${fmtInt(r.streams.heapPerStreamB)} | ${fmtMiB(r.streams.rssKiB)} |`,
      );
  }
  return out.join('\n');
}
const fmtInt = (x) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : 'n/a');
const fmtMiB = (kib) => (Number.isFinite(kib) ? `${(kib / 1024).toFixed(1)} MiB` : 'n/a');

function machine() {
  const cpu = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model;
  let commit = 'unknown';
  let dirty = '';
  try {
    commit = execSync('git rev-parse --short HEAD', { cwd: HERE, encoding: 'utf8' }).trim();
    dirty = execSync('git status --porcelain -- ../src', { cwd: HERE, encoding: 'utf8' }).trim()
      ? ' (with uncommitted changes in src/)'
      : '';
  } catch {}
  let wrkVersion = '';
  try {
    wrkVersion = execSync('wrk -v 2>&1 || true', { encoding: 'utf8' }).split('\n')[0].trim();
  } catch {}
  return {
    cpu,
    cores: os.cpus().length,
    memGiB: (os.totalmem() / 2 ** 30).toFixed(1),
    node: process.version,
    commit: commit + dirty,
    wrk: wrkVersion,
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
}

// ---- main ------------------------------------------------------------------------------------
async function main() {
  const started = new Date();
  const m0 = machine();
  log(
    `${m0.cpu}, ${m0.cores} cores; node ${m0.node}; commit ${m0.commit}; Armature from ${ARMATURE_FROM}; ${RUNS} × ${DURATION_S} s runs`,
  );
  const all = { http: [], sse: [], stdio: [] };
  for (const row of HTTP_ROWS.filter(selected)) all.http.push(await benchHttpRow(row));
  if (!SKIP.has('sse')) for (const row of SSE_ROWS.filter(selected)) all.sse.push(await benchSseRow(row));
  if (!SKIP.has('stdio')) for (const row of STDIO_ROWS.filter(selected)) all.stdio.push(await benchStdioRow(row));
  const m1 = machine();
  const minutes = ((Date.now() - started.getTime()) / 60000).toFixed(1);
  const table = tables(all);
  const header = [
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes} min; commit ${m0.commit}; Armature from \`${ARMATURE_FROM}\``,
    `${m0.cpu}, ${m0.cores} cores, ${m0.memGiB} GiB; Node ${m0.node}; ${m0.wrk}; server on core ${process.env.SERVER_CPU ?? '0'}, load generator on core ${CLIENT_CPU}`,
    `Load average at start ${m0.load}, at end ${m1.load}${QUICK ? '; QUICK=1 (1 s runs: development numbers only)' : ''}`,
  ].join('  \n');
  console.log(`\n${header}\n\n${table}\n`);
  fs.mkdirSync(path.join(HERE, 'results'), { recursive: true });
  fs.writeFileSync(
    path.join(HERE, 'results/latest.jsonl'),
    `${JSON.stringify({ machine: m0, end: m1, runs: RUNS, durationS: DURATION_S, all })}\n`,
  );
  const md = `${header}\n\n${table}\n`;
  fs.writeFileSync(path.join(HERE, 'results/latest.md'), md);
  if (!ONLY.length && !SKIP.size && !QUICK) writeResults(md);
  else log('partial run (ROWS/SKIP/QUICK): wrote results/latest.md, left RESULTS.md alone');
}

/** RESULTS.md = the generated table between markers; the hand-written analysis around it stays. */
function writeResults(md) {
  const file = path.join(HERE, 'RESULTS.md');
  const begin = '<!-- bench:table:begin -->';
  const end = '<!-- bench:table:end -->';
  let text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : `# Results\n\n${begin}\n${end}\n`;
  if (!text.includes(begin)) text += `\n${begin}\n${end}\n`;
  text = text.replace(new RegExp(`${begin}[\\s\\S]*${end}`), `${begin}\n${md}\n${end}`);
  fs.writeFileSync(file, text);
  log('wrote RESULTS.md');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
