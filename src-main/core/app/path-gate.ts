// The renderer may only reach paths the user chose: folders and files picked in a dialog or
// dropped on the window, earlier choices kept in settings, and what our own runs wrote.
// Anything else a (possibly compromised) page asks for is refused here.

import { resolve, sep } from 'node:path';

export class PathNotAllowedError extends Error {
  override name = 'PathNotAllowedError';
}

export class PathGate {
  private readonly roots = new Set<string>();
  private readonly files = new Set<string>();

  constructor(private readonly caseInsensitive = process.platform === 'win32' || process.platform === 'darwin') {}

  /** Allows `path` and everything below it. */
  allow(path: string): void {
    this.roots.add(this.key(path));
  }

  /** Allows exactly this path (a file we wrote), not what lies beside or below it. */
  allowExact(path: string): void {
    this.files.add(this.key(path));
  }

  isAllowed(path: string): boolean {
    const p = this.key(path);
    if (this.files.has(p)) return true;
    for (const root of this.roots) {
      if (p === root) return true;
      const prefix = root.endsWith(sep) ? root : root + sep;
      if (p.startsWith(prefix)) return true;
    }
    return false;
  }

  /** Throws a message naming the path and why, for the UI to show. */
  check(path: string, what: string): string {
    if (!this.isAllowed(path)) throw new PathNotAllowedError(`${what} ${path} was not chosen by the user in this app`);
    return path;
  }

  private key(path: string): string {
    const abs = resolve(path);
    return this.caseInsensitive ? abs.toLowerCase() : abs;
  }
}
