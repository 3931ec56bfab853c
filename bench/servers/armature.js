// Armature, loaded like users run built code: ../../dist/index.js after `npm run build`
// (ARMATURE_FROM=src loads ../../src through Armature's TypeScript loader instead). Written as tsc emits a
// decorated class (plain __decorate/__metadata calls), so no transpiler runs at start-up.
//   MODE=stateful-json | stateful-sse | stateful-auto | stateless | modern (all streamable HTTP), sse (legacy), stdio
//   REALISTIC=1  also serve `plan_trip`, a tool whose DTO has eight fields (formats, lengths, an enum, an
//                integer range, an optional array of nested DTOs)
//   DTOS=n       also declare n distinct DTO classes, each the input of one more tool (`dto_filler_i`)
//   PIPELINE=direct  call each component directly instead of through the call pipeline (the
//                reference of the pipeline-cost row: lib/direct-invoke.js)
//   TELEMETRY=off  no telemetry code in the request seam (the reference of telemetry-cost.js:
//                lib/no-telemetry.js); by default the OpenTelemetry API runs with no SDK registered
const path = require('node:path');
const { PORT, HOST, FILLERS, filler, ready } = require('./common');

// The peers write no line per request; Armature's per-request log record (info) is measured on its own
// by telemetry-cost.js, so the throughput rows compare the request path alone. ARMATURE_LOG_LEVEL=info
// puts it back.
process.env.ARMATURE_LOG_LEVEL ||= 'warn';

const t0 = process.hrtime.bigint();
let armature;
if (process.env.ARMATURE_FROM === 'src') {
  require('../../loader/install-hooks.cjs').installHooks({ esm: false });
  armature = require('../../src/index.ts');
} else {
  armature = require('../../dist/index.js');
}
const { McpApplication, McpServer, McpRegistry, Tool, Field } = armature;
const cv = require(require.resolve('class-validator', { paths: [path.join(__dirname, '../..')] }));
const { __decorate, __metadata } = require('../lib/tsc-decorate');
// The inputs: echo's, the realistic tool's TripArgs, and the distinct DTOs of DTOS=N.
const { EchoArgs, TripArgs, otherDto } = require('../lib/realistic-dtos').benchDtos(Field, cv);

class BenchServer {
  constructor(registry) {
    for (let i = 0; i < FILLERS; i++) {
      const f = filler(i);
      registry.addTool({ ...f, input: EchoArgs, handler: (args) => args.text });
    }
    for (let i = 0; i < Number(process.env.DTOS || 0); i++) {
      const input = otherDto(i);
      registry.addTool({
        name: `dto_filler_${i}`,
        description: `Tool ${i} with its own DTO`,
        input,
        handler: () => 'ok',
      });
    }
    if (process.env.REALISTIC === '1') {
      registry.addTool({
        name: 'plan_trip',
        description: 'Plans a trip',
        input: TripArgs,
        handler: (args) => args.title,
      });
    }
  }
  echo(args) {
    return args.text;
  }
}
__decorate(
  [
    Tool({ description: 'Echoes its text' }),
    __metadata('design:type', Function),
    __metadata('design:paramtypes', [EchoArgs]),
    __metadata('design:returntype', String),
  ],
  BenchServer.prototype,
  'echo',
  Object.getOwnPropertyDescriptor(BenchServer.prototype, 'echo'),
);
Reflect.defineMetadata('design:paramtypes', [McpRegistry], BenchServer);
McpServer({ name: 'bench-armature', version: '1.0.0' })(BenchServer);

async function main() {
  const mode = process.env.MODE || 'stateful-json';
  const app = await McpApplication.create(BenchServer, { pageSize: Number(process.env.PAGE_SIZE) || undefined });
  if (process.env.PIPELINE === 'direct') require('../lib/direct-invoke').bypassPipeline(app);
  if (process.env.TELEMETRY === 'off') require('../lib/no-telemetry').removeTelemetry(app);
  const http = { port: PORT, host: HOST };
  if (mode === 'stdio') await app.listen({ transport: 'stdio' });
  else if (mode === 'sse') await app.listen({ transport: 'sse', ...http });
  else {
    const responseMode = mode === 'stateful-sse' ? 'sse' : mode === 'stateful-auto' ? 'auto' : 'json';
    await app.listen({ transport: 'streamable-http', ...http, responseMode, stateless: mode === 'stateless' });
  }
  ready(`startup_ms=${Number(process.hrtime.bigint() - t0) / 1e6}`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
