// Armature, loaded like users run built code: ../../dist/index.js after `npm run build`
// (ARMATURE_FROM=src loads ../../src through Armature's TypeScript loader instead). Written as tsc emits a
// decorated class (plain __decorate/__metadata calls), so no transpiler runs at start-up.
//   MODE=stateful-json | stateful-sse | stateless | modern (all streamable HTTP), sse (legacy), stdio
const path = require('node:path');
const { PORT, HOST, FILLERS, filler, ready } = require('./common');

const t0 = process.hrtime.bigint();
let armature;
if (process.env.ARMATURE_FROM === 'src') {
  require('../../loader/install-hooks.cjs').installHooks({ esm: false });
  armature = require('../../src/index.ts');
} else {
  armature = require('../../dist/index.js');
}
const { McpApplication, McpServer, McpRegistry, Tool } = armature;
const { IsString } = require(require.resolve('class-validator', { paths: [path.join(__dirname, '../..')] }));

const __decorate = (decorators, target, key, desc) => {
  let d = desc;
  for (let i = decorators.length - 1; i >= 0; i--) d = decorators[i](target, key, d) || d;
  if (key !== undefined && d) Object.defineProperty(target, key, d);
  return d;
};
const __metadata = (k, v) => Reflect.metadata(k, v);

class EchoArgs {}
__decorate([IsString(), __metadata('design:type', String)], EchoArgs.prototype, 'text', undefined);

class BenchServer {
  constructor(registry) {
    for (let i = 0; i < FILLERS; i++) {
      const f = filler(i);
      registry.addTool({ ...f, input: EchoArgs, handler: (args) => args.text });
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
  const http = { port: PORT, host: HOST };
  if (mode === 'stdio') await app.listen({ transport: 'stdio' });
  else if (mode === 'sse') await app.listen({ transport: 'sse', ...http });
  else {
    const responseMode = mode === 'stateful-sse' ? 'sse' : 'json';
    await app.listen({ transport: 'streamable-http', ...http, responseMode, stateless: mode === 'stateless' });
  }
  ready(`startup_ms=${Number(process.hrtime.bigint() - t0) / 1e6}`);
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
