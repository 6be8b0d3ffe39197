// The Electron security settings, kept apart from main.ts so that vitest checks them with fakes:
// the window's web preferences, the app:// handler serving only the built renderer with a CSP,
// and the guards on every web contents (no navigation away, no new windows, no webviews).

import { resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WebContents, WebPreferences } from 'electron';
import { contentSecurityPolicy } from '../core/app/csp';
import { APP_HOST, isTrustedUrl } from './ipc';

export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    devTools,
  };
}

/**
 * The handler for app://kpat/…: files of the built renderer only, each with our CSP.
 * `fetchFile` is Electron's net.fetch (for file: URLs) in the app.
 */
export function rendererProtocolHandler(rendererDir: string, fetchFile: (url: string) => Promise<Response>): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  const csp = contentSecurityPolicy("'self'");
  return async (request) => {
    const url = new URL(request.url);
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return new Response('bad request', { status: 400 });
    }
    const file = resolve(root, pathname === '/' ? 'index.html' : `.${pathname}`);
    if (url.host !== APP_HOST || !file.startsWith(root + sep)) return new Response('not found', { status: 404 });
    const res = await fetchFile(pathToFileURL(file).toString());
    const headers = new Headers(res.headers);
    headers.set('Content-Security-Policy', csp);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(res.body, { status: res.status, headers });
  };
}

/** The part of WebContents the guards use. */
export type GuardedContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/**
 * electron.d.ts: `will-frame-navigate` is fired when the main frame *or any of its subframes*
 * attempts to navigate (`will-navigate` only for the main frame), and `will-redirect` for a
 * server-side redirect during any navigation; preventDefault() stops the navigation. Both pass
 * the URL in the event's details (`details.url`; the positional `url` argument is deprecated).
 * Navigations our own code starts (loadURL) emit neither.
 */
export function guardWebContents(contents: GuardedContents, trustedOrigins: readonly string[], log: (message: string) => void): void {
  const stayHome = (details: Electron.Event<{ url: string; isMainFrame: boolean }>) => {
    if (!isTrustedUrl(details.url, trustedOrigins)) {
      details.preventDefault();
      log(`blocked ${details.isMainFrame ? 'navigation' : 'a frame navigating'} to ${details.url}`);
    }
  };
  contents.on('will-frame-navigate', stayHome);
  contents.on('will-redirect', stayHome);
  // "Calling event.preventDefault() will destroy the guest page."
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    log(`blocked a new window for ${url}`);
    return { action: 'deny' };
  });
}
