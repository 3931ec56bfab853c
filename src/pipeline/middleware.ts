import type { McpMiddleware, McpRequest } from './interfaces';

type Result = Record<string, unknown>;

/** Runs `work` inside every middleware, first added outermost, Koa-style. */
export function throughMiddleware(
  middleware: readonly McpMiddleware[],
  request: McpRequest,
  work: () => Result | Promise<Result>,
): Promise<Result> {
  // The work may answer at once or throw: middleware always sees a promise from next().
  const run = (): Promise<Result> => {
    try {
      return Promise.resolve(work());
    } catch (error) {
      return Promise.reject(error);
    }
  };
  if (middleware.length === 0) return run();
  const dispatch = (index: number, calls: { last: number }): Promise<Result> => {
    if (index <= calls.last) return Promise.reject(new Error('next() called more than once by an McpMiddleware'));
    calls.last = index;
    if (index === middleware.length) return run();
    return middleware[index](request, () => dispatch(index + 1, calls));
  };
  return dispatch(0, { last: -1 });
}
