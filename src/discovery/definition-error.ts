/** A mistake in how a server is declared, found at start-up. Its message names `Class.method` and the fix. */
export class DefinitionError extends Error {
  constructor(
    readonly owner: string,
    problem: string,
  ) {
    super(`${owner}: ${problem}`);
    this.name = 'DefinitionError';
  }
}
