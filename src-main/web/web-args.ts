// Command line of the browser host.
import { isAbsolute, resolve } from 'node:path';

export const WEB_USAGE = `Usage: node out/main/web.js [--port N] [--root DIR]

Serves KP Analysis Toolkit to a browser on http://127.0.0.1:N/ (default port 7325; 0 = any free port).
  --root DIR   the folder of audit results that "Open folder…" offers
`;

export type WebArgs = { port: number; root: string | null } | { help: true } | { error: string };

export function parseWebArgs(argv: string[], cwd = process.cwd()): WebArgs {
  let port = 7325;
  let root: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag === '-h' || flag === '--help') return { help: true };
    if (flag !== '--port' && flag !== '--root') return { error: `Unknown option ${arg}` };
    const value = inline ?? argv[++i];
    if (value === undefined || value === '') return { error: `${flag} needs a value` };
    if (flag === '--port') {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 65535) return { error: `--port must be a port number (0-65535), got ${value}` };
      port = n;
    } else {
      root = isAbsolute(value) ? value : resolve(cwd, value);
    }
  }
  return { port, root };
}
