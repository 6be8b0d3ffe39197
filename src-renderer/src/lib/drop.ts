// Turning a drop into a folder to scan. The path of a dropped File is only known to the host
// (Electron: webUtils.getPathForFile through the preload), so the resolver is injected: the
// app passes window.kpat.pathForDroppedFile, tests pass a fake.

export type PathResolver = (file: File) => string | null;

export type DropOutcome =
  | { kind: 'root'; root: string; paths: string[] }
  | { kind: 'none'; reason: string };

/** The paths of every dropped file or folder that the resolver knows. */
export function droppedPaths(files: ArrayLike<File>, resolve: PathResolver): string[] {
  const paths: string[] = [];
  for (let i = 0; i < files.length; i += 1) {
    const file = files[i];
    if (!file) continue;
    let path: string | null = null;
    try {
      path = resolve(file);
    } catch {
      path = null;
    }
    if (path) paths.push(path);
  }
  return paths;
}

function splitPath(path: string): { sep: string; parts: string[] } {
  const sep = path.includes('\\') && !path.includes('/') ? '\\' : '/';
  return { sep, parts: path.split(/[\\/]/) };
}

/** The folder that holds every given path (the deepest common parent). */
export function commonParent(paths: string[]): string | null {
  const first = paths[0];
  if (first === undefined) return null;
  const { sep } = splitPath(first);
  const split = paths.map((p) => splitPath(p).parts.slice(0, -1));
  const head = split[0] ?? [];
  let length = head.length;
  for (const parts of split) {
    let i = 0;
    while (i < length && i < parts.length && parts[i] === head[i]) i += 1;
    length = i;
  }
  if (length === 0) return null;
  const joined = head.slice(0, length).join(sep);
  // A POSIX root splits into ['']: keep it as "/".
  return joined === '' ? sep : joined;
}

/**
 * One dropped item (a folder, or a single file) is scanned as it is; several dropped files are
 * scanned through the folder that holds them all.
 */
export function rootForDrop(files: ArrayLike<File>, resolve: PathResolver): DropOutcome {
  if (files.length === 0) return { kind: 'none', reason: 'Nothing was dropped.' };
  const paths = droppedPaths(files, resolve);
  if (paths.length === 0) {
    return { kind: 'none', reason: 'The dropped items have no path on disk (drop files or a folder from the file manager).' };
  }
  if (paths.length === 1) return { kind: 'root', root: paths[0] as string, paths };
  const parent = commonParent(paths);
  if (!parent) return { kind: 'none', reason: 'The dropped files share no common folder; drop their folder instead.' };
  return { kind: 'root', root: parent, paths };
}
