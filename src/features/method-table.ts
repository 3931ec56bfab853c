import { completionMethods } from './completion.feature';
import { loggingMethods } from './logging.feature';
import type { MethodSpec } from './method';
import { promptMethods } from './prompts.feature';
import { resourceMethods } from './resources.feature';
import { subscriptionMethods } from './subscriptions.feature';
import { taskMethods } from './tasks.feature';
import { toolMethods } from './tools.feature';

/** Every request method a server answers, by name; the era adapters add their own (initialize, server/discover). */
export const METHODS: ReadonlyMap<string, MethodSpec> = new Map(
  Object.entries({
    ...toolMethods,
    ...resourceMethods,
    ...promptMethods,
    ...completionMethods,
    ...loggingMethods,
    ...subscriptionMethods,
    ...taskMethods,
  }),
);
