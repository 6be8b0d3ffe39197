// Recognising an Active Directory collection (kpadaudit.ps1). Its output carries no version line, so it is
// recognised by its structure: a Script_Init block first (BEGIN, the `System type is detected as` line,
// END) and then the collector's own sections. kpwinaudit starts with a Script_Init block too, but it
// always writes a KPWINVERSION line (which detect.ts tests first) and none of these sections.
import type { ActiveDirectoryInfo } from './types';

/** The sections every kpadaudit version we know (0.1.6–0.1.8) writes, each between BEGIN and END markers. */
export const AD_SECTIONS = [
  'AD_DomainList',
  'AD_Domain',
  'Domain_DomainControllers',
  'Domain_DefaultPasswordPolicy',
  'Domain_FineGrainedPasswordPolicies',
  'Group_List',
  'Group_Admins',
  'User_List',
  'User_AdminPasswordPolicy',
  'User_LastLogon90',
  'GPOs_List',
] as const;

/**
 * How many of AD_SECTIONS a file must hold (AD_Domain always among them). Not all: a later version may
 * drop or rename one, and a collection cut short near its end is still worth reading. A copy that kept
 * only its first sections, or a Windows result that merely starts with Script_Init, falls well short.
 */
const MIN_SECTIONS = 8;

const BEGIN = /^([A-Za-z0-9_]+):: ###\[BEGIN\]\s*$/;
const INIT_PREFIX = 'script_init::';
const INIT_BEGIN = /^Script_Init:: ###\[BEGIN\]\s*$/i;
const INIT_END = /^Script_Init:: ###\[END\]\s*$/i;
const INIT_SYSTEM_TYPE = /^Script_Init:: ###System type is detected as ([^\s.]+)/i;

/** Format-List properties of AD_Domain (kpadaudit: Get-ADDomain | Select-Object * | format-list). */
const DOMAIN_PROPERTIES: readonly [keyof ActiveDirectoryInfo, RegExp][] = [
  ['dnsRoot', /^AD_Domain::DNSRoot\s*:\s*(.*)/i],
  ['netbiosName', /^AD_Domain::NetBIOSName\s*:\s*(.*)/i],
  ['domainMode', /^AD_Domain::DomainMode\s*:\s*(.*)/i],
  // Get-ADForest's property, should a version collect it in any section.
  ['forestMode', /^[A-Za-z0-9_-]+::ForestMode\s*:\s*(.*)/i],
];

interface ScriptInit {
  systemType: string;
  collectedAt: string | null;
}

/** The leading Script_Init block, or null when the file does not start with a complete one. */
function leadingScriptInit(lines: readonly string[]): ScriptInit | null {
  let i = 0;
  while (i < lines.length && (lines[i] as string).trim() === '') i++;
  if (i >= lines.length || !INIT_BEGIN.test(lines[i] as string)) return null;
  let systemType: string | null = null;
  let collectedAt: string | null = null;
  for (i++; i < lines.length; i++) {
    const line = lines[i] as string;
    if (!line.toLowerCase().startsWith(INIT_PREFIX)) return null;
    if (INIT_END.test(line)) return systemType === null ? null : { systemType, collectedAt };
    const m = INIT_SYSTEM_TYPE.exec(line);
    if (m) systemType = m[1] as string;
    else if (collectedAt === null && !line.includes('###')) {
      const text = line.slice(INIT_PREFIX.length).trim();
      if (text !== '') collectedAt = text;
    }
  }
  return null;
}

/**
 * A scheduling hint from a file's first bytes (sniff.ts): a leading Script_Init block followed by the
 * collector's first section. The search task's full detection decides.
 */
export function looksLikeActiveDirectoryHead(lines: readonly string[]): boolean {
  if (leadingScriptInit(lines) === null) return false;
  for (const line of lines) {
    const m = BEGIN.exec(line);
    if (m && (m[1] === 'AD_DomainList' || m[1] === 'AD_Domain')) return true;
  }
  return false;
}

export type AdDetection = { ok: true; info: ActiveDirectoryInfo } | { ok: false; reason: string };

/** null: no leading Script_Init block, so not a kpadaudit file at all (detect.ts then names what is missing). */
export function detectActiveDirectory(lines: readonly string[]): AdDetection | null {
  const init = leadingScriptInit(lines);
  if (init === null) return null;
  const known = new Set<string>(AD_SECTIONS);
  const sections = new Set<string>();
  const found = new Map<keyof ActiveDirectoryInfo, string>();
  for (const line of lines) {
    const c = line.charCodeAt(0) | 0x20;
    // Section names start with a, d, g or u; ForestMode may sit in any section.
    if (c !== 0x61 && c !== 0x64 && c !== 0x67 && c !== 0x75 && !line.includes('ForestMode')) continue;
    const begin = BEGIN.exec(line);
    if (begin) {
      if (known.has(begin[1] as string)) sections.add(begin[1] as string);
      continue;
    }
    for (const [key, re] of DOMAIN_PROPERTIES) {
      if (found.has(key)) continue;
      const m = re.exec(line);
      if (m) found.set(key, (m[1] as string).trim());
    }
  }
  if (!sections.has('AD_Domain') || sections.size < MIN_SECTIONS) {
    const missing = AD_SECTIONS.filter((s) => !sections.has(s));
    return {
      ok: false,
      reason:
        `not a complete kpadaudit collection: it starts with a Script_Init block but holds ${sections.size} of the ` +
        `${AD_SECTIONS.length} Active Directory sections (missing ${missing.join(', ')})`,
    };
  }
  const value = (key: keyof ActiveDirectoryInfo): string | null => {
    const v = found.get(key);
    return v === undefined || v === '' ? null : v;
  };
  const info: ActiveDirectoryInfo = {
    dnsRoot: value('dnsRoot'),
    netbiosName: value('netbiosName'),
    domainMode: value('domainMode'),
    forestMode: value('forestMode'),
    collectorSystemType: init.systemType,
    collectedAt: init.collectedAt,
  };
  return { ok: true, info };
}

/** `Active Directory shire.example.com (SHIRE), Windows2016Domain`: what the Review screen's OS column shows. */
export function domainLabel(ad: ActiveDirectoryInfo): string {
  const name = ad.dnsRoot ?? ad.netbiosName ?? 'unknown domain';
  const netbios = ad.dnsRoot !== null && ad.netbiosName !== null ? ` (${ad.netbiosName})` : '';
  return `Active Directory ${name}${netbios}${ad.domainMode === null ? '' : `, ${ad.domainMode}`}`;
}
