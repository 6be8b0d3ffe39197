// Who may talk to the browser host. The host prints one address carrying a launch token; the
// first request to it trades the token for a session cookie (HttpOnly, SameSite=Strict) and
// spends the token. Every later request (the page, its socket, downloads) must carry that
// cookie. The token never appears in anything the host serves, so a page of another site, or
// another local process that can reach 127.0.0.1, has no way to learn it.
//
// Browsers also say where a request comes from (Sec-Fetch-Site): anything other than our own
// origin is refused, except `none` on a top-level navigation, which is the user opening the
// printed address (or reloading) and cannot be caused by another page.

import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export const LOGIN_PATH = '/__kpat/login';

export class WebSession {
  private launchToken: string | null = randomBytes(24).toString('hex');
  private readonly secret = randomBytes(32).toString('hex');

  constructor(private readonly port: number) {}

  /** Cookies are shared by every port of a host: the name keeps two hosts' sessions apart. */
  get cookieName(): string {
    return `kpat-session-${this.port}`;
  }

  /** The address to print, once: it works for one browser, the first to open it. */
  launchPath(): string {
    if (this.launchToken === null) throw new Error('the launch address was already used');
    return `${LOGIN_PATH}?token=${this.launchToken}`;
  }

  /** Trades the launch token for the session cookie (a Set-Cookie value), or null when it does not match or was spent. */
  exchange(token: string | null): string | null {
    if (this.launchToken === null || token === null || !equalSecrets(token, this.launchToken)) return null;
    this.launchToken = null;
    return `${this.cookieName}=${this.secret}; HttpOnly; SameSite=Strict; Path=/`;
  }

  /** True when the request carries our session cookie. */
  hasSession(headers: IncomingHttpHeaders): boolean {
    const value = cookieValue(headers.cookie, this.cookieName);
    return value !== null && equalSecrets(value, this.secret);
  }
}

/** Fetch metadata: absent (not a browser), our own origin, or the user's own navigation. */
export function fromOwnOriginOrUser(headers: IncomingHttpHeaders): boolean {
  const site = headers['sec-fetch-site'];
  if (site === undefined || site === 'same-origin') return true;
  return site === 'none' && headers['sec-fetch-mode'] === 'navigate';
}

function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

function equalSecrets(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
