// Preloaded into a server under test: on exit, says on stderr whether Koa was ever loaded.
process.on('exit', () => {
  const koa = Object.keys(require.cache).some((path) => /[\\/]node_modules[\\/]koa[\\/]/.test(path));
  process.stderr.write(`http-stack-loaded: ${koa}\n`);
});
