// Starting, measuring and stopping one server process pinned to core 0.
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const SERVER_CPU = process.env.SERVER_CPU ?? '0';

/**
 * Starts `node <file>` pinned to SERVER_CPU and resolves once it prints BENCH_READY on stderr.
 * Resolves { child, pid, readyMs (spawn -> ready line, wall clock), stderr() }.
 */
function startServer(file, env, { nodeArgs = [], stdio = false, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn('taskset', ['-c', SERVER_CPU, process.execPath, ...nodeArgs, file], {
      env: { ...process.env, ...env },
      stdio: ['pipe', stdio ? 'pipe' : 'ignore', 'pipe'],
    });
    let err = '';
    let done = false;
    const timer = setTimeout(
      () => finish(new Error(`${file} not ready after ${timeoutMs} ms\n${err.slice(-2000)}`)),
      timeoutMs,
    );
    function finish(error, value) {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (error) {
        child.kill('SIGKILL');
        reject(error);
      } else resolve(value);
    }
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      if (err.length < 100_000) err += chunk;
      const m = /BENCH_READY (\d+)(.*)/.exec(err);
      if (m && !done) {
        const readyMs = Number(process.hrtime.bigint() - t0) / 1e6;
        finish(null, { child, pid: Number(m[1]), readyMs, info: m[2].trim(), stderr: () => err });
      }
    });
    child.on('error', (e) => finish(e));
    child.on('exit', (code, sig) =>
      finish(new Error(`${file} exited (${code ?? sig}) before ready\n${err.slice(-2000)}`)),
    );
  });
}

/** Resident set size of a process in KiB (VmRSS), or NaN when it is gone. */
function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process is gone. */
function stopServer(server, graceMs = 3000) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

module.exports = { startServer, stopServer, rssKiB, sleep };
