// The browser host's server: the built renderer over HTTP on 127.0.0.1, plus the KpatBridge
// contract over a WebSocket. Only the browser the user opened the printed address in can talk
// to it: every request must carry the session cookie that address gave (web-session.ts), the
// Host and Origin headers must name this server (no DNS rebinding, no other site's page), and
// fetch metadata must not say another site made the request. One misbehaving connection (a
// frame that is not UTF-8, a message over the size limit) loses only that connection.

import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, extname, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { AppCommand, RunEvent } from '../contract/ipc';
import { COMMAND_NAMES } from '../core/app/commands';
import type { CommandDispatcher } from '../core/app/dispatch';
import { contentSecurityPolicy } from '../core/app/csp';
import { browserBridgeScript } from './browser-bridge';
import { BRIDGE_SCRIPT_PATH, FILE_PATH, WS_PATH, type ClientMessage, type HostMessage } from './ws-protocol';
import { fromOwnOriginOrUser, LOGIN_PATH, WebSession } from './web-session';

export interface WebHostOptions {
  rendererDir: string;
  /** 0 = any free port. */
  port: number;
  dispatch: CommandDispatcher;
  /** Subscribes the host to run events, to fan them out to every page. */
  subscribe(listener: (event: RunEvent) => void): () => void;
  /**
   * The file to send for a download request of `path`: its canonical path when the page may
   * download it (a file one of our runs wrote), else null. The host reads that path, not `path`.
   */
  downloadable(path: string): Promise<string | null>;
  log?: (message: string) => void;
}

export interface WebHost {
  readonly url: string;
  /** The address to print for the user: it carries the launch token and works once. */
  readonly launchUrl: string;
  readonly port: number;
  /** Sends a menu-like command to every page (used by tests and future host UI). */
  broadcastAppCommand(command: AppCommand): void;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The WebSocket message size limit: the largest command is a settings patch of a few paths. */
export const MAX_MESSAGE_BYTES = 1 << 20;

/** Adds the bridge script ahead of the app's own scripts. */
export function injectBridgeTag(html: string): string {
  const tag = `<script src="${BRIDGE_SCRIPT_PATH}"></script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + tag + html.slice(head.index + head[0].length);
  return tag + html;
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const log = options.log ?? (() => undefined);
  const rendererDir = resolve(options.rendererDir);
  const bridgeJs = browserBridgeScript(WS_PATH, FILE_PATH, COMMAND_NAMES);
  let port = options.port;
  // Made once the port is known (the cookie is named after it); no request arrives before.
  let session: WebSession | null = null;
  const allowedHosts = () => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = () => allowedHosts().map((h) => `http://${h}`);

  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      log(`http ${req.url ?? ''}: ${(err as Error).message}`);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  function baseHeaders(): Record<string, string> {
    return {
      'content-security-policy': contentSecurityPolicy(`'self' ${allowedHosts().map((h) => `ws://${h}`).join(' ')}`),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      // No other origin may embed what we serve (a script tag, an image, a fetch in no-cors mode).
      'cross-origin-resource-policy': 'same-origin',
      'cache-control': 'no-store',
    };
  }

  function refuse(res: ServerResponse, status: number, text: string): void {
    res.writeHead(status, { ...baseHeaders(), 'content-type': 'text/plain; charset=utf-8' }).end(text);
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts().includes(req.headers.host ?? '')) {
      refuse(res, 421, 'wrong host');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...baseHeaders(), allow: 'GET, HEAD' }).end();
      return;
    }
    if (!fromOwnOriginOrUser(req.headers)) {
      log(`refused ${req.url ?? ''}: Sec-Fetch-Site ${String(req.headers['sec-fetch-site'])}`);
      refuse(res, 403, 'Requests from other sites are refused.');
      return;
    }
    const requestUrl = new URL(req.url ?? '/', 'http://x');
    let pathname: string;
    try {
      pathname = decodeURIComponent(requestUrl.pathname);
    } catch {
      refuse(res, 400, 'bad request: malformed % escape');
      return;
    }
    const current = session as WebSession;
    if (pathname === LOGIN_PATH) {
      const cookie = current.exchange(requestUrl.searchParams.get('token'));
      if (cookie === null) {
        refuse(res, 403, 'This address was already used or is not the one the host printed. Restart the host for a new one.');
        return;
      }
      // The address (and its spent token) leaves the address bar and the history entry.
      res.writeHead(303, { ...baseHeaders(), 'set-cookie': cookie, location: '/' }).end();
      return;
    }
    if (!current.hasSession(req.headers)) {
      refuse(res, 401, 'Open the address the KP Analysis Toolkit host printed when it started.');
      return;
    }
    if (pathname === FILE_PATH) {
      await sendDownload(requestUrl.searchParams, res);
      return;
    }
    if (pathname === BRIDGE_SCRIPT_PATH) {
      res.writeHead(200, { ...baseHeaders(), 'content-type': CONTENT_TYPES['.js'] as string }).end(bridgeJs);
      return;
    }
    const rel = pathname === '/' ? 'index.html' : pathname.slice(1);
    const file = resolve(rendererDir, rel);
    if (file !== rendererDir && !file.startsWith(rendererDir + sep)) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const out = extname(file).toLowerCase() === '.html' ? Buffer.from(injectBridgeTag(body.toString('utf8'))) : body;
    res.writeHead(200, { ...baseHeaders(), 'content-type': type, 'content-length': String(out.length) });
    res.end(req.method === 'HEAD' ? undefined : out);
  }

  async function sendDownload(params: URLSearchParams, res: ServerResponse): Promise<void> {
    const requested = params.get('path') ?? '';
    const file = requested ? await options.downloadable(requested) : null;
    if (file === null) {
      refuse(res, 403, 'not allowed');
      return;
    }
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) {
      refuse(res, 404, 'not found');
      return;
    }
    res.writeHead(200, {
      ...baseHeaders(),
      'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(st.size),
      'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(basename(file))}`,
    });
    createReadStream(file).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const clients = new Set<WebSocket>();

  server.on('upgrade', (req, socket, head) => {
    // Until ws owns it, a reset on this socket must not become an uncaught error.
    socket.on('error', (err) => log(`WebSocket handshake: ${err.message}`));
    const url = new URL(req.url ?? '/', 'http://x');
    const okHost = allowedHosts().includes(req.headers.host ?? '');
    const okOrigin = allowedOrigins().includes(req.headers.origin ?? '');
    const okSession = session?.hasSession(req.headers) === true;
    if (url.pathname !== WS_PATH || !okHost || !okOrigin || !okSession || !fromOwnOriginOrUser(req.headers)) {
      log(`refused a WebSocket from origin ${req.headers.origin ?? '(none)'}${okSession ? '' : ' without the session cookie'}`);
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    clients.add(ws);
    ws.on('close', () => clients.delete(ws));
    // ws reports a broken frame (not UTF-8, over maxPayload, bad opcode) as an error on this
    // socket, and an 'error' nobody listens to would end the process with every run in it.
    ws.on('error', (err) => {
      log(`closed a WebSocket connection: ${err.message}`);
      clients.delete(ws);
      ws.terminate();
    });
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let msg: ClientMessage;
      try {
        msg = JSON.parse(data.toString()) as ClientMessage;
      } catch {
        return;
      }
      if (msg?.t !== 'call' || !Number.isSafeInteger(msg.id)) return;
      void options.dispatch(msg.cmd, msg.args).then((reply) => send(ws, { t: 'reply', id: msg.id, reply }));
    });
  });

  function send(ws: WebSocket, msg: HostMessage): void {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
  }
  function broadcast(msg: HostMessage): void {
    for (const ws of clients) send(ws, msg);
  }

  const unsubscribe = options.subscribe((event) => broadcast({ t: 'run-event', event }));

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;
  session = new WebSession(port);
  const url = `http://127.0.0.1:${port}/`;

  return {
    url,
    launchUrl: new URL(session.launchPath(), url).toString(),
    port,
    broadcastAppCommand: (command) => broadcast({ t: 'app-command', command }),
    async close() {
      unsubscribe();
      for (const ws of clients) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
