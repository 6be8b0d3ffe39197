// The area a search belongs to, as the results view groups its search list: the YAML file the
// search is defined in. A library file names its area on its first line, `# <area>: <what it
// covers>` (builtin-searches/README.md); a file without that line is named by its file name.
// Pure: the file's path and text in, the area's name out.

import path from 'node:path';

/** Longest area name taken from a first line; longer ones are a sentence, not a name. */
const MAX_AREA = 60;

export function areaOfFile(file: string, text: string): string {
  const first = /^(?:\uFEFF)?#[ \t]*([^\r\n]*)/.exec(text)?.[1]?.trim() ?? '';
  const name = (first.includes(':') ? first.slice(0, first.indexOf(':')) : first).trim();
  if (name !== '' && name.length <= MAX_AREA) return name;
  return path.basename(file).replace(/\.ya?ml$/i, '');
}

/** Area per search index, for the searches of a loaded set; `read` answers a file's text (null when unreadable). */
export async function searchAreas(
  searches: readonly { index: number; source: { file: string } }[],
  read: (file: string) => Promise<string | null>,
): Promise<Map<number, string>> {
  const byFile = new Map<string, Promise<string>>();
  const areas = new Map<number, string>();
  for (const s of searches) {
    const file = s.source.file;
    let area = byFile.get(file);
    if (!area) {
      area = read(file).then((text) => areaOfFile(file, text ?? ''));
      byFile.set(file, area);
    }
    areas.set(s.index, await area);
  }
  return areas;
}
