// Shared by every server file: the port, the number of filler tools and their shape, so every
// row serves the same surface (one `echo` tool plus TOOLS-1 fillers for the tools/list metric).

const PORT = Number(process.env.PORT || 3100);
const HOST = '127.0.0.1';
const TOOLS = Math.max(1, Number(process.env.TOOLS || 1));
const FILLERS = TOOLS - 1;

/** Filler tool i: a name, a description, and one string argument like echo. */
function filler(i) {
  return { name: `filler_${String(i).padStart(4, '0')}`, description: `Filler tool number ${i}, returns its text.` };
}

/** Tells the driver the server is ready: one line on stderr (stdout is the MCP channel for stdio rows). */
function ready(extra = '') {
  process.stderr.write(`BENCH_READY ${process.pid}${extra ? ` ${extra}` : ''}\n`);
}

module.exports = { PORT, HOST, TOOLS, FILLERS, filler, ready };

// For the idle-session and open-stream RSS metrics the driver starts servers with --expose-gc and
// sends SIGUSR2 before reading RSS, so garbage from the handshakes is not counted as session state.
if (typeof global.gc === 'function') {
  process.on('SIGUSR2', () => {
    global.gc();
    process.stderr.write(`BENCH_HEAP ${process.memoryUsage().heapUsed}\n`);
  });
}
