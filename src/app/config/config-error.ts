import type { ValidationError } from 'class-validator';

/** A bad configuration: every problem on its own line, each naming the key path it is about. */
export class ConfigError extends Error {
  constructor(
    readonly problems: string[],
    readonly source?: string,
  ) {
    super(
      `${source ? `Invalid configuration in ${source}` : 'Invalid configuration'}:\n${problems.map((p) => `  ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
  }
}

/** Flattens class-validator's error tree into `a.b.c: message` lines. */
export function describeValidationErrors(errors: ValidationError[], prefix = ''): string[] {
  const lines: string[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    const messages = new Set<string>();
    for (const [constraint, message] of Object.entries(error.constraints ?? {})) {
      messages.add(constraint === 'whitelistValidation' ? 'is not a known option' : message);
    }
    for (const message of messages) lines.push(`${path}: ${message}`);
    if (error.children?.length) lines.push(...describeValidationErrors(error.children, path));
  }
  return lines;
}
