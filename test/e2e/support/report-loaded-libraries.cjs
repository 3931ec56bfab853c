// Preloaded into a server under test: on exit, says on stderr which of the libraries a server may do
// without it ever loaded (Koa, the OpenTelemetry API, jose).
process.on('exit', () => {
  const loaded = (name) => Object.keys(require.cache).some((path) => path.includes(`/node_modules/${name}/`));
  process.stderr.write(`http-stack-loaded: ${loaded('koa')}\n`);
  process.stderr.write(`opentelemetry-api-loaded: ${loaded('@opentelemetry/api')}\n`);
  process.stderr.write(`jose-loaded: ${loaded('jose')}\n`);
});
