// Recognising which audit script wrote a file and describing the system (SPEC §1.4, §2).
// Every attribute is extracted on its own (Q9 fixed): a missing UBR no longer blanks the product name.
import { detectActiveDirectory, domainLabel, looksLikeActiveDirectoryHead } from './detect-ad';
import type { DistroFamily, OsFamily, Producer, SystemInfo } from './types';
import { pyStrip } from './text';

/** The attributes read from a file's content; the rest of SystemInfo comes from the file itself. */
export type DetectedSystem = Omit<SystemInfo, 'systemName' | 'filePath' | 'relPath' | 'sizeBytes' | 'sha384' | 'encoding'>;

interface ProducerRule {
  /** kpadaudit has no producer line: detect-ad.ts recognises it by its structure. */
  producer: Exclude<Producer, 'KPADAUDIT'>;
  osFamily: OsFamily;
  re: RegExp;
}

// Tested in this order on each raw line; the first line matching any of them decides (SPEC §1.4).
// Beyond the old tool: kpwinaudit 0.3.4–0.4.1 wrote `System_PSDetails:: KPWinAudit Version: 0.3.4`.
const PRODUCER_RULES: readonly ProducerRule[] = [
  { producer: 'KPNIXAUDIT', osFamily: 'Linux', re: /^KPNIXVERSION: ([0-9.]+)/i },
  { producer: 'KPWINAUDIT', osFamily: 'Windows', re: /^System_PSDetails::KPWINVERSION: ([0-9.]+)/i },
  { producer: 'KPWINAUDIT', osFamily: 'Windows', re: /^System_PSDetails:: ?KPWinAudit Version: ([0-9.]+)/i },
  { producer: 'KPMACAUDIT', osFamily: 'Darwin', re: /^KPMACVERSION: ([0-9.]+)/i },
];

const DISTRO_RULES: readonly [DistroFamily, RegExp][] = [
  ['deb', /^System_VersionInformation::\/etc\/os-release::NAME="(Debian|Gentoo|Kali.*|Knoppix|Mint|Raspbian|PopOS|Ubuntu)/i],
  ['rpm', /^System_VersionInformation::\/etc\/os-release::NAME="(Alma|Amazon|CentOS|ClearOS|Fedora|Mandriva|Oracle|(Red Hat)|Redhat|Rocky|SUSE|openSUSE)/i],
  ['apk', /^System_VersionInformation::\/etc\/os-release::NAME="(Alpine)/i],
];

/** A key looked for on `strip()`ped lines; the first hit wins and its value is stripped again. */
interface DetailRule {
  key: string;
  re: RegExp;
}

// Old kpwinaudit (< 0.4.2) wrote `<Section>:: <text>`: the optional space after `::` accepts both.
const WINDOWS_DETAILS: readonly DetailRule[] = [
  { key: 'productName', re: /^System_OSInfo:: ?ProductName\s*:\s*(.*)/i },
  { key: 'releaseId', re: /^System_OSInfo:: ?ReleaseId\s*:\s*(.*)/i },
  { key: 'currentBuild', re: /^System_OSInfo:: ?CurrentBuild\s*:\s*(\d+)/i },
  { key: 'ubr', re: /^System_OSInfo:: ?UBR\s*:\s*(\d+)/i },
  { key: 'hostName', re: /^System_Hostname:: ?([^\s#].*)/i },
];

const LINUX_DETAILS: readonly DetailRule[] = [
  { key: 'prettyName', re: /^System_VersionInformation::\/etc\/os-release::PRETTY_NAME="(.*)"/i },
  { key: 'versionId', re: /^System_VersionInformation::\/etc\/os-release::VERSION_ID="?([^"]*)"?$/i },
  { key: 'hostName', re: /^System Report for (.*)/i },
];

const MAC_DETAILS: readonly DetailRule[] = [
  { key: 'productName', re: /^System_VersionInformation::ProductName\s*:\s*(.*)/i },
  { key: 'productVersion', re: /^System_VersionInformation::ProductVersion\s*:\s*([\d.]+)/i },
  { key: 'buildVersion', re: /^System_VersionInformation::BuildVersion\s*:\s*([A-Za-z0-9]+)/i },
  { key: 'hostName', re: /^System Report for (.*)/i },
];

const DETAILS: Record<ProducerRule['producer'], readonly DetailRule[]> = {
  KPNIXAUDIT: LINUX_DETAILS,
  KPWINAUDIT: WINDOWS_DETAILS,
  KPMACAUDIT: MAC_DETAILS,
};

function findProducer(lines: readonly string[]): { rule: ProducerRule; version: string } | null {
  for (const line of lines) {
    // Every producer line starts with K or S: skip the rest cheaply.
    const c = line.charCodeAt(0) | 0x20;
    if (c !== 0x6b && c !== 0x73) continue;
    for (const rule of PRODUCER_RULES) {
      const m = rule.re.exec(line);
      if (m) return { rule, version: m[1] as string };
    }
  }
  return null;
}

/** The family of the first producer line, or of an Active Directory head, or null (a scheduling hint: see sniff.ts). */
export function producerFamily(lines: readonly string[]): OsFamily | null {
  return findProducer(lines)?.rule.osFamily ?? (looksLikeActiveDirectoryHead(lines) ? 'ActiveDirectory' : null);
}

function findDistro(lines: readonly string[]): DistroFamily {
  for (const line of lines) {
    if ((line.charCodeAt(0) | 0x20) !== 0x73) continue;
    for (const [family, re] of DISTRO_RULES) if (re.test(line)) return family;
  }
  return 'other';
}

function findDetails(lines: readonly string[], rules: readonly DetailRule[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const raw of lines) {
    const line = pyStrip(raw);
    if (line === '') continue;
    for (const rule of rules) {
      if (found.has(rule.key)) continue;
      const m = rule.re.exec(line);
      if (m) found.set(rule.key, pyStrip(m[1] ?? ''));
    }
    if (found.size === rules.length) break;
  }
  return found;
}

const nonEmpty = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v);

export type Detection = { ok: true; system: DetectedSystem } | { ok: false; reason: string };

export const UNKNOWN_PRODUCER = 'unknown producer (no KPNIXVERSION, KPWINVERSION or KPMACVERSION line, and no kpadaudit Script_Init block)';

/** A producer line decides; without one, the structure of an Active Directory collection; else the reason. */
export function detectSystem(lines: readonly string[]): Detection {
  const os = detectOsSystem(lines);
  if (os !== null) return { ok: true, system: os };
  const ad = detectActiveDirectory(lines);
  if (ad === null) return { ok: false, reason: UNKNOWN_PRODUCER };
  if (!ad.ok) return ad;
  // The collector writes no version line (KPADAVERSION is only in its help text) and does not name
  // the host it ran on.
  return { ok: true, system: { ...blankSystem('KPADAUDIT', '', 'ActiveDirectory'), systemOs: domainLabel(ad.info), activeDirectory: ad.info } };
}

function blankSystem(producer: Producer, producerVersion: string, osFamily: OsFamily): DetectedSystem {
  return {
    producer,
    producerVersion,
    osFamily,
    distroFamily: null,
    systemOs: null,
    osPrettyName: null,
    osVersion: null,
    productName: null,
    releaseId: null,
    currentBuild: null,
    ubr: null,
    hostName: null,
  };
}

/** Null when no known producer line exists. */
function detectOsSystem(lines: readonly string[]): DetectedSystem | null {
  const producer = findProducer(lines);
  if (!producer) return null;
  const { rule, version } = producer;
  const d = findDetails(lines, DETAILS[rule.producer]);
  const base: DetectedSystem = { ...blankSystem(rule.producer, version, rule.osFamily), hostName: nonEmpty(d.get('hostName')) };

  if (rule.producer === 'KPNIXAUDIT') {
    const pretty = d.get('prettyName') ?? null;
    return { ...base, distroFamily: findDistro(lines), systemOs: pretty, osPrettyName: pretty, osVersion: nonEmpty(d.get('versionId')) };
  }
  if (rule.producer === 'KPWINAUDIT') {
    const productName = d.get('productName') ?? null;
    const currentBuild = d.get('currentBuild') ?? null;
    const ubr = d.get('ubr') ?? null;
    // osVersion = `<CurrentBuild>.<UBR>` (e.g. 22631.5335): it orders correctly under numeric filters.
    const osVersion = currentBuild === null ? null : ubr === null ? currentBuild : `${currentBuild}.${ubr}`;
    let systemOs: string | null = productName;
    if (productName !== null && osVersion !== null) systemOs = `${productName} (Build ${osVersion})`;
    return { ...base, productName, releaseId: d.get('releaseId') ?? null, currentBuild, ubr, systemOs, osVersion };
  }
  const productName = d.get('productName') ?? null;
  const productVersion = d.get('productVersion') ?? null;
  const buildVersion = d.get('buildVersion') ?? null;
  const systemOs =
    productName === null ? null : [productName, productVersion, buildVersion === null ? null : `(Build ${buildVersion})`].filter((x) => x !== null).join(' ');
  return { ...base, productName, systemOs, osVersion: productVersion };
}
