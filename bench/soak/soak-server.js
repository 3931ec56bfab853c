// The server of `npm run soak`: Armature over streamable HTTP with a short session ttl, serving
// `echo` (a plain JSON answer) and `echo_streamed` (one progress notification first, so its answer
// is an SSE stream logged in the event store for resumption). Loaded like bench/servers/armature.js:
// ../../dist after `npm run build`, or ../../src through Armature's loader with ARMATURE_FROM=src.
//   PORT, SOAK_TTL_MS (session ttl, default 60 s)
// On SIGUSR2 it collects garbage (started with --expose-gc) and prints
// `SOAK_MEM <rss> <heapUsed> <streams> <eventBytes>` on stderr: bytes, and what the event store holds.
const PORT = Number(process.env.PORT || 3190);
const HOST = '127.0.0.1';

let armature;
if (process.env.ARMATURE_FROM === 'src') {
  require('../../loader/install-hooks.cjs').installHooks({ esm: false });
  armature = require('../../src/index.ts');
} else {
  armature = require('../../dist/index.js');
}
const { McpApplication, McpServer, McpContext, MemoryEventStore, Tool } = armature;
const { IsString } = require(
  require.resolve('class-validator', { paths: [require('node:path').join(__dirname, '../..')] }),
);

const { __decorate, __metadata } = require('../lib/tsc-decorate');

class EchoArgs {}
__decorate([IsString(), __metadata('design:type', String)], EchoArgs.prototype, 'text', undefined);

class SoakServer {
  echo(args) {
    return args.text;
  }
  async echo_streamed(args, ctx) {
    await ctx.progress(1, 1, 'echoing');
    return args.text;
  }
}
const tool = (name, description, paramtypes) =>
  __decorate(
    [Tool({ description }), __metadata('design:type', Function), __metadata('design:paramtypes', paramtypes)],
    SoakServer.prototype,
    name,
    Object.getOwnPropertyDescriptor(SoakServer.prototype, name),
  );
tool('echo', 'Echoes its text', [EchoArgs]);
tool('echo_streamed', 'Echoes its text after one progress notification', [EchoArgs, McpContext]);
McpServer({ name: 'soak-armature', version: '1.0.0' })(SoakServer);

async function main() {
  const events = new MemoryEventStore();
  const app = await McpApplication.create(SoakServer);
  await app.listen({
    transport: 'streamable-http',
    port: PORT,
    host: HOST,
    sessionTtlMs: Number(process.env.SOAK_TTL_MS || 60_000),
    eventStore: events,
  });
  process.on('SIGUSR2', () => {
    // Twice: the first pass can leave garbage that only a finalizer of that pass released.
    global.gc();
    global.gc();
    const { rss, heapUsed } = process.memoryUsage();
    process.stderr.write(`SOAK_MEM ${rss} ${heapUsed} ${events.size} ${events.bytes}\n`);
  });
  process.stderr.write(`BENCH_READY ${process.pid}\n`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
