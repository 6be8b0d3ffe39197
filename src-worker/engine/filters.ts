// sys_filter evaluation (SPEC §3.7) and routing of searches to OS-family result sets (replaces SPEC §5.1).
// Deliberate fixes: producer_version orders numerically per dotted component (Q2); a search without an
// os_family filter applies to, and is shown for, every family (Q4, Q5).
import { compareCodePoints } from './text';
import { OS_FAMILIES } from './types';
import type { FilterAttr, FilterScalar, OsFamily, SearchSpec, SysFilter, SystemInfo } from './types';

/** The system attribute a filter reads; null when the system does not have it (the filter then fails). */
export function systemAttribute(system: SystemInfo, attr: FilterAttr): string | null {
  switch (attr) {
    case 'os_family':
      return system.osFamily;
    case 'distro_family':
      return system.distroFamily;
    case 'producer':
      return system.producer;
    case 'producer_version':
      return system.producerVersion;
    case 'product_name':
      return system.productName;
    case 'release_id':
      return system.releaseId;
    case 'current_build':
      return system.currentBuild;
    case 'ubr':
      return system.ubr;
    case 'os_pretty_name':
      return system.osPrettyName;
    case 'os_version':
      return system.osVersion;
  }
}

/** Python `str()` of a YAML scalar as the loader hands it over. */
function pyStr(v: FilterScalar): string {
  if (typeof v === 'string') return v;
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  return String(v);
}

const PY_FLOAT = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*\.|inf|infinity|nan)$/i;

/** Python `float(s)`, or null where Python raises ValueError. */
export function pyFloat(s: string): number | null {
  const t = s.trim();
  if (!PY_FLOAT.test(t)) return null;
  const lower = t.toLowerCase().replace(/_/g, '');
  const sign = lower.startsWith('-') ? -1 : 1;
  const body = lower.replace(/^[+-]/, '');
  if (body === 'inf' || body === 'infinity') return sign * Infinity;
  if (body === 'nan') return NaN;
  return Number(lower);
}

/** Component-wise version order: numeric components compare as numbers, others as text; missing = 0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.trim().split('.');
  const pb = b.trim().split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '0';
    const y = pb[i] ?? '0';
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d < 0 ? -1 : 1;
    } else if (x !== y) return compareCodePoints(x, y);
  }
  return 0;
}

function ordered(comp: 'gt' | 'lt' | 'ge' | 'le', order: number): boolean {
  if (Number.isNaN(order)) return false;
  switch (comp) {
    case 'gt':
      return order > 0;
    case 'lt':
      return order < 0;
    case 'ge':
      return order >= 0;
    case 'le':
      return order <= 0;
  }
}

/** One filter against one attribute value (SPEC §3.7 steps 1–5, Q2 fixed for producer_version). */
export function filterPasses(filter: SysFilter, value: string | null): boolean {
  if (value === null) return false;
  const { comp } = filter;
  if (comp === 'eq') return !Array.isArray(filter.value) && value.toLowerCase() === pyStr(filter.value).toLowerCase();
  if (comp === 'in') {
    const list = Array.isArray(filter.value) ? filter.value : [filter.value];
    const v = value.toLowerCase();
    return list.some((item) => pyStr(item).toLowerCase() === v);
  }
  if (Array.isArray(filter.value)) return false;
  const want = pyStr(filter.value);
  if (filter.attr === 'producer_version') return ordered(comp, compareVersions(value, want));
  const a = pyFloat(value);
  const b = pyFloat(want);
  if (a !== null && b !== null) return ordered(comp, a < b ? -1 : a > b ? 1 : a === b ? 0 : NaN);
  return ordered(comp, compareCodePoints(value, want));
}

/** All of the search's filters pass for this system (no filters: applies everywhere). */
export function searchAppliesTo(spec: SearchSpec, system: SystemInfo): boolean {
  for (const f of spec.sysFilter) if (!filterPasses(f, systemAttribute(system, f.attr))) return false;
  return true;
}

/** The families whose results contain this search: those its os_family filters let through. */
export function searchFamilies(spec: SearchSpec): OsFamily[] {
  const osFilters = spec.sysFilter.filter((f) => f.attr === 'os_family');
  return OS_FAMILIES.filter((family) => osFilters.every((f) => filterPasses(f, family)));
}
