// The reference the call pipeline is measured against: every component called directly, its own
// steps only (validate -> method -> result mapper, a throw mapped by the kind), with no middleware,
// no chain lookup and no context. Used by servers/armature.js (PIPELINE=direct) and pipeline-cost.js.

/** Replaces the application's call pipeline by direct calls of each component; returns the undo. */
function bypassPipeline(app) {
  const pipeline = app.engine.pipeline;
  const { run, handle } = pipeline;
  const messages = pipeline.deps.messages;
  pipeline.run = async (component, raw, mcp, target = {}) => {
    try {
      return component.toResult(await component.invoke(await component.parse(raw), mcp, target), target);
    } catch (error) {
      return component.recover(error, mcp, messages);
    }
  };
  pipeline.handle = (_request, next) => next();
  return () => {
    pipeline.run = run;
    pipeline.handle = handle;
  };
}

module.exports = { bypassPipeline };
