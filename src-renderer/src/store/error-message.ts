// Errors cross the bridge as Error objects whose message Electron prefixes with
// "Error invoking remote method 'x': Error: ". The user needs only the part after it.
const REMOTE_PREFIX = /^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/;

export function errorMessage(e: unknown): string {
  const raw = e instanceof Error ? e.message : typeof e === 'string' ? e : JSON.stringify(e);
  const text = (raw ?? '').replace(REMOTE_PREFIX, '').trim();
  return text === '' ? 'Unknown error' : text;
}
