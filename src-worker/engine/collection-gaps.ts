// What a collector says it left out of a collection (pure). kpnixaudit announces each module it
// did not run with a line `###<Module> skipped` (e.g. `###K8sMaster skipped` on a host without
// Kubernetes, or a module left out with -m); kpwinaudit marks a test it did not run inside its
// section, `<Section>:: ###Unsupported OS detected.  Test skipped.`. A search over a left-out
// part finds nothing on that system, which an auditor must not read as "nothing there".
import type { CollectionGap } from './types';

const MODULE_SKIPPED = /^###\s*([A-Za-z][\w-]*) skipped\s*$/;
const TEST_SKIPPED = /^([A-Za-z][\w-]*)::\s*###\s*(.*?)\s*Test skipped\.?\s*$/i;

/** The modules and tests the collector says it skipped, each once, in file order. */
export function collectionGaps(lines: readonly string[]): CollectionGap[] {
  const gaps: CollectionGap[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    // Cheap first test: every marker holds "skipped" near its end.
    if (line.length > 300 || !line.includes('kipped')) continue;
    const module = MODULE_SKIPPED.exec(line);
    const test = module ? null : TEST_SKIPPED.exec(line);
    const gap: CollectionGap | null = module
      ? { kind: 'module', name: module[1] as string, note: null }
      : test
        ? { kind: 'test', name: test[1] as string, note: (test[2] as string).replace(/[.\s]+$/, '') || null }
        : null;
    if (!gap || seen.has(`${gap.kind}:${gap.name}`)) continue;
    seen.add(`${gap.kind}:${gap.name}`);
    gaps.push(gap);
  }
  return gaps;
}
