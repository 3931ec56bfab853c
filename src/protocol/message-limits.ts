/**
 * How deep arrays and objects may nest in one incoming message. MCP messages nest a few levels
 * (a tool's arguments, a schema in them); serialisers, validators and user code walk values
 * recursively, and a message nested thousands deep would overflow their stacks. The sender's
 * request is refused instead (-32600 naming the limit).
 */
export const MAX_NESTING_DEPTH = 128;

/**
 * Whether JSON text nests arrays and objects deeper than `limit`. It reads the text once, without
 * building anything, skipping the contents of strings.
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  if (!opensMoreThan(text, limit)) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // a backslash: the next character is escaped
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > limit) return true;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return false;
}

/**
 * Whether `{` and `[` occur more than `limit` times in all, strings included: the depth can be no greater, and
 * indexOf finds the few brackets of an ordinary message far faster than the character walk above.
 */
function opensMoreThan(text: string, limit: number): boolean {
  let count = 0;
  for (const bracket of ['{', '[']) {
    for (let i = text.indexOf(bracket); i !== -1; i = text.indexOf(bracket, i + 1)) {
      if (++count > limit) return true;
    }
  }
  return false;
}
