const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Authorization-server endpoints must be HTTPS (MCP authorization, communication security); plain
 * HTTP is allowed only on this machine, where nothing travels over a network.
 */
export function isLoopbackOrHttps(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname));
}
