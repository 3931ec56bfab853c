const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * What is wrong with a tool name, if anything. Tool names per the spec (SEP-986): 1-128
 * characters of letters, digits, '_', '-' and '.'.
 */
export function toolNameProblem(name: string): string | undefined {
  return TOOL_NAME.test(name)
    ? undefined
    : `invalid tool name "${name}": use 1-128 characters of A-Z, a-z, 0-9, '_', '-' and '.'`;
}
