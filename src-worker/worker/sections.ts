// `--list-sections`: the sections a result file contains. Every data line of the collection
// scripts starts with `<Section>::` (Linux/macOS also mark `#[BEGIN]: <Section>`, but sub-sections
// assigned inside a section only show up as prefixes), so the prefixes are the complete list.
const SECTION_PREFIX = /^([A-Za-z][A-Za-z0-9_.-]*)::/;

export function sectionsOf(lines: readonly string[]): { name: string; lines: number }[] {
  const counts = new Map<string, number>();
  for (const line of lines) {
    const m = SECTION_PREFIX.exec(line);
    if (!m) continue;
    const name = m[1] as string;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => ({ name, lines: n }));
}
