const TOOL_NAME = /^[A-Za-z0-9_.-]{1,128}$/;

/** Tool names per the spec (SEP-986): 1-128 characters of letters, digits, '_', '-' and '.'. */
export function assertToolName(name: string, owner: string): void {
  if (!TOOL_NAME.test(name)) {
    throw new Error(`${owner}: invalid tool name "${name}": use 1-128 characters of A-Z, a-z, 0-9, '_', '-' and '.'`);
  }
}

export function isValidToolName(name: string): boolean {
  return TOOL_NAME.test(name);
}
