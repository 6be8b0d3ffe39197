// Hand-built SearchSpec objects for unit tests (plain JavaScript regex sources, no YAML involved).
import type { SearchSpec, SystemInfo } from '../types';

let nextIndex = 1000;

export function makeSpec(partial: Partial<SearchSpec> & { jsRegex: string }): SearchSpec {
  const index = partial.index ?? nextIndex++;
  const name = partial.name ?? `search_${index}`;
  return {
    index,
    name,
    source: { file: 'test.yaml', line: 1, column: 1 },
    regex: partial.jsRegex,
    comment: null,
    sheetName: name,
    maxResults: -1,
    onlyMatching: false,
    unique: false,
    fieldList: [],
    fullScan: false,
    multiline: false,
    rsDelimiter: partial.jsRsDelimiter ?? null,
    jsRsDelimiter: null,
    mergeFields: [],
    showMissing: false,
    sysFilter: [],
    checks: [],
    format: null,
    ...partial,
  };
}

export function makeSystem(partial: Partial<SystemInfo> = {}): SystemInfo {
  const systemName = partial.systemName ?? 'host1';
  return {
    systemName,
    filePath: `/data/${systemName}.txt`,
    relPath: `${systemName}.txt`,
    sizeBytes: 0,
    sha384: '0'.repeat(96),
    encoding: 'ascii',
    producer: 'KPNIXAUDIT',
    producerVersion: '0.6.22',
    osFamily: 'Linux',
    distroFamily: 'deb',
    systemOs: 'Ubuntu 22.04.5 LTS',
    osPrettyName: 'Ubuntu 22.04.5 LTS',
    osVersion: '22.04',
    productName: null,
    releaseId: null,
    currentBuild: null,
    ubr: null,
    hostName: systemName,
    ...partial,
  };
}

/** Lines as the decoder produces them: each with its '\n'. */
export function linesOf(...lines: string[]): string[] {
  return lines.map((l) => `${l}\n`);
}
