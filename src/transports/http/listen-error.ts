/**
 * The HTTP server could not bind its address. The message names the address and how to pick
 * another one, instead of Node's bare `listen EADDRINUSE` stack.
 */
export class ListenError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string | undefined,
    cause: Error,
  ) {
    super(describe(host, port, code, cause), { cause });
    this.name = 'ListenError';
  }
}

function describe(host: string, port: number, code: string | undefined, cause: Error): string {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  const another = 'choose another with --port <port> (or ARMATURE_PORT, or "port" in the config file)';
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} is already in use (${address}): stop the process using it, or ${another}`;
    case 'EACCES':
      return `no permission to listen on port ${port} (${address}): ports below 1024 need privileges; ${another}`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${address}: host ${host} is not an address of this machine (--host)`;
    default:
      return `cannot listen on ${address}: ${cause.message}`;
  }
}
