// What a browser does with the browser host, done with fetch and the `ws` client: open the
// printed address, keep the session cookie, and send it with the page's requests and socket.
import { request } from 'node:http';
import WebSocket from 'ws';
import type { WebHost } from '../web-host';
import { WS_PATH } from '../ws-protocol';

/** Opens the launch address as the user's browser would; returns the Cookie header to send from then on. */
export async function login(host: WebHost): Promise<string> {
  const res = await fetch(host.launchUrl, { redirect: 'manual' });
  if (res.status !== 303) throw new Error(`login answered ${res.status}`);
  const setCookie = res.headers.get('set-cookie') ?? '';
  return setCookie.split(';')[0] as string;
}

/** A WebSocket of the page: our origin, and the cookie when given. Resolves when open, rejects when refused. */
export function openPageSocket(host: WebHost, cookie: string | null, origin = `http://127.0.0.1:${host.port}`): Promise<WebSocket> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}${WS_PATH}`, { origin, headers: cookie ? { cookie } : {} });
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/**
 * A GET with exactly these headers. Node's fetch rewrites Sec-Fetch-Mode (a header browsers own),
 * so the fetch-metadata cases go through node:http. Resolves with the status.
 */
export function rawGet(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
