// One wrk run against an MCP endpoint, pinned to the load generator's core: the request body is
// built per request by call.lua (a fresh JSON-RPC id between `prefix` and `suffix`).
const { spawn } = require('node:child_process');
const path = require('node:path');
const C = require('./clients');

const LUA = path.join(__dirname, 'call.lua');

/** The JSON-RPC body of `method` for this kind of row, split around its id. */
function bodyParts(kind, method, tool) {
  const p = method === 'tools/call' ? C.callParams(kind, tool) : C.params(kind, {});
  const body = JSON.stringify({ jsonrpc: '2.0', id: 123456789, method, params: p });
  const [prefix, suffix] = body.split('123456789');
  return { prefix, suffix };
}

/** Resolves { rps, p50_us, p99_us, errors, requests } of one run of `seconds` with `c` connections. */
function runWrk(portNo, c, seconds, { prefix, suffix, headers, urlPath = '/mcp' }, cpu = '1') {
  return new Promise((resolve, reject) => {
    const args = [
      '-c',
      cpu,
      'wrk',
      '-t1',
      `-c${c}`,
      `-d${seconds}s`,
      '--timeout',
      '10s',
      '-s',
      LUA,
      `http://127.0.0.1:${portNo}${urlPath}`,
    ];
    const child = spawn('taskset', args, {
      env: {
        ...process.env,
        BENCH_PREFIX: prefix,
        BENCH_SUFFIX: suffix,
        BENCH_PATH: urlPath,
        BENCH_HEADERS: Object.entries(headers)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), (seconds + 30) * 1000);
    child.on('exit', () => {
      clearTimeout(timer);
      const m = /BENCH_JSON (.*)/.exec(err);
      if (!m) return reject(new Error(`wrk failed: ${err || out}`));
      const r = JSON.parse(m[1]);
      const bad = r.non2xx + r.connect + r.read + r.write + r.timeout;
      resolve({
        rps: (r.requests / r.duration_us) * 1e6,
        p50_us: r.p50_us,
        p99_us: r.p99_us,
        errors: bad,
        requests: r.requests,
      });
    });
  });
}

module.exports = { bodyParts, runWrk };
