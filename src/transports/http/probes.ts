import Router from '@koa/router';
import { StateUnavailableError } from '../../core/stores/state-unavailable';
import { HTTP_STATUS } from './http-status';

/** How long a readiness probe waits for the shared state to answer. */
export const READY_PING_MS = 1000;

export interface ProbePaths {
  healthPath: string;
  readyPath: string;
}

/** What readiness depends on: whether the server serves at all, is draining, and its state's reachability. */
export interface ReadinessSource {
  /** Why the server cannot take requests now (not started, draining), or undefined. */
  refusal(): string | undefined;
  /** Resolves when the shared state answers within the bound; rejects saying why otherwise. */
  checkState?: (timeoutMs: number) => Promise<void>;
}

/**
 * `GET /healthz`: the process is alive and answering (a liveness probe; it stays 200 while the
 * server drains, so a supervisor does not kill a process that is finishing its work).
 * `GET /readyz`: the server takes new work: it serves (listening or mounted), is not draining,
 * and its shared state answers. Otherwise 503 with `{ status: 'not ready', reason }`, so a load
 * balancer stops routing here and an operator can read why.
 */
export function probeRoutes(paths: ProbePaths, source: ReadinessSource): Router {
  const router = new Router();
  router.get(paths.healthPath, (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get(paths.readyPath, async (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    const reason = await notReadyReason(source);
    if (reason === undefined) {
      ctx.body = { status: 'ready' };
      return;
    }
    ctx.status = HTTP_STATUS.unavailable;
    ctx.body = { status: 'not ready', reason };
  });
  return router;
}

async function notReadyReason(source: ReadinessSource): Promise<string | undefined> {
  const refusal = source.refusal();
  if (refusal || !source.checkState) return refusal;
  let stateProblem: string | undefined;
  try {
    await source.checkState(READY_PING_MS);
  } catch (error) {
    const detail =
      error instanceof StateUnavailableError ? `${error.store}: ${error.reason}` : (error as Error).message;
    stateProblem = `the shared state cannot be reached (${detail})`;
  }
  // Draining may have begun while the state answered: it is the more lasting reason.
  return source.refusal() ?? stateProblem;
}
