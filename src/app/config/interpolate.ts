const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a JSON value. An unset variable
 * without a default is a problem naming the variable and the key path; `$${` escapes a literal `${`.
 */
export function interpolate(value: unknown, env: NodeJS.ProcessEnv, problems: string[], path = ''): unknown {
  if (typeof value === 'string') return interpolateString(value, env, problems, path);
  if (Array.isArray(value)) return value.map((item, index) => interpolate(item, env, problems, `${path}.${index}`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      out[key] = interpolate(item, env, problems, path ? `${path}.${key}` : key);
    }
    return out;
  }
  return value;
}

function interpolateString(text: string, env: NodeJS.ProcessEnv, problems: string[], path: string): string {
  const ESCAPE = '\u0000';
  const replaced = text.replaceAll('$${', ESCAPE).replace(PLACEHOLDER, (_match, name: string, fallback?: string) => {
    const value = env[name];
    if (value !== undefined && (value !== '' || fallback === undefined)) return value;
    if (fallback !== undefined) return fallback;
    problems.push(`${path}: environment variable ${name} is not set (write \${${name}:-default} to give a default)`);
    return '';
  });
  return replaced.replaceAll(ESCAPE, '${');
}
