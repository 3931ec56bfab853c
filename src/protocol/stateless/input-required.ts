import type { JsonObject } from '../../core/protocol/json-rpc';

/** One request for client input, as it travels inside an `input_required` result. */
export interface InputRequest {
  method: string;
  params: JsonObject;
}

/**
 * Unwinds a handler that needs client input it does not have yet. It is control flow, not a
 * failure: the engine answers `input_required` and replays the handler when the answers come.
 */
export class InputRequiredSignal extends Error {
  readonly controlFlow = true;

  constructor(readonly requests: Map<string, InputRequest>) {
    super('input required');
    this.name = 'InputRequiredSignal';
  }
}
