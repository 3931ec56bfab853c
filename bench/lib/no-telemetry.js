// The reference telemetry is measured against: the request seam with no telemetry code at all
// (no span, no context, no histogram or counters), as before it existed. Used by
// servers/armature.js (TELEMETRY=off) and telemetry-cost.js.

const NO_OPERATION = {
  target: undefined,
  traceId: undefined,
  run: (work) => work(),
  end: () => 0,
};

/** Replaces the application's telemetry by one that does nothing and allocates nothing. */
function removeTelemetry(app) {
  const engine = app.engine;
  const real = engine.telemetry;
  Object.defineProperty(engine, 'telemetry', {
    configurable: true,
    value: {
      startRequest: () => NO_OPERATION,
      startClientRequest: (_method, _id, params) => ({ params, end: () => undefined }),
      sessionOpened: () => () => undefined,
      streamOpened: () => () => undefined,
    },
  });
  return () => Object.defineProperty(engine, 'telemetry', { configurable: true, value: real });
}

module.exports = { removeTelemetry };
