// PyYAML (YAML 1.1, SafeLoader) resolution of plain scalars, and Python's str() of the results.
// Users' files were written against PyYAML, so `yes` is a bool, `0755` an octal int, `1:20` the
// sexagesimal int 80 and `y` a string — not what a YAML 1.2 loader would say (SPEC §3.1).

export type PyScalar =
  | { type: 'str'; value: string }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'null' }
  /** A date or timestamp (PyYAML builds datetime objects); only its text is kept. */
  | { type: 'timestamp'; text: string };

export type PyScalarType = PyScalar['type'];

const BOOL_TRUE = new Set(['yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOL_FALSE = new Set(['no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']);
const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const INT_RE = /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE =
  /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

/** The type PyYAML's implicit resolver gives an unquoted (plain) scalar, and its value. */
export function resolvePlainScalar(text: string): PyScalar {
  if (BOOL_TRUE.has(text)) return { type: 'bool', value: true };
  if (BOOL_FALSE.has(text)) return { type: 'bool', value: false };
  if (NULL_RE.test(text)) return { type: 'null' };
  if (INT_RE.test(text)) {
    const value = constructInt(text);
    if (value !== null) return { type: 'int', value };
  }
  if (FLOAT_RE.test(text)) return { type: 'float', value: constructFloat(text) };
  if (TIMESTAMP_RE.test(text)) return { type: 'timestamp', text };
  return { type: 'str', value: text };
}

/** Scalar forced to a type by an explicit `!!int`, `!!float`, `!!bool`, `!!null` or `!!str` tag; null when the text does not fit. */
export function resolveTaggedScalar(text: string, type: 'str' | 'int' | 'float' | 'bool' | 'null'): PyScalar | null {
  switch (type) {
    case 'str':
      return { type: 'str', value: text };
    case 'null':
      return { type: 'null' };
    case 'bool': {
      // SafeConstructor.construct_yaml_bool looks the lower-cased text up in its table.
      const lower = text.toLowerCase();
      if (lower === 'yes' || lower === 'true' || lower === 'on') return { type: 'bool', value: true };
      if (lower === 'no' || lower === 'false' || lower === 'off') return { type: 'bool', value: false };
      return null;
    }
    case 'int': {
      const value = /^[-+]?[0-9a-fA-Fxob_:]+$/.test(text) ? constructInt(text) : null;
      return value === null ? null : { type: 'int', value };
    }
    case 'float': {
      const value = constructFloat(text);
      return Number.isNaN(value) && !/nan/i.test(text) ? null : { type: 'float', value };
    }
  }
}

/** SafeConstructor.construct_yaml_int; null when Python would raise. */
function constructInt(text: string): bigint | null {
  let value = text.replaceAll('_', '');
  let sign = 1n;
  if (value.startsWith('-')) sign = -1n;
  if (value.startsWith('-') || value.startsWith('+')) value = value.slice(1);
  try {
    if (value === '0') return 0n;
    if (value.startsWith('0b')) return sign * BigInt(value);
    if (value.startsWith('0x')) return sign * BigInt(value);
    if (value.startsWith('0') && !value.includes(':')) return sign * BigInt(`0o${value.slice(1)}`);
    if (value.includes(':')) {
      let base = 1n;
      let total = 0n;
      for (const digit of value.split(':').reverse()) {
        total += BigInt(digit) * base;
        base *= 60n;
      }
      return sign * total;
    }
    return sign * BigInt(value);
  } catch {
    return null;
  }
}

/** SafeConstructor.construct_yaml_float. */
function constructFloat(text: string): number {
  let value = text.replaceAll('_', '').toLowerCase();
  let sign = 1;
  if (value.startsWith('-')) sign = -1;
  if (value.startsWith('-') || value.startsWith('+')) value = value.slice(1);
  if (value === '.inf') return sign * Infinity;
  if (value === '.nan') return NaN;
  if (value.includes(':')) {
    let base = 1;
    let total = 0;
    for (const digit of value.split(':').reverse()) {
      total += Number.parseFloat(digit) * base;
      base *= 60;
    }
    return sign * total;
  }
  const parsed = Number(value);
  return sign * (Number.isNaN(parsed) ? Number.parseFloat(value) : parsed);
}

/** Python's repr()/str() of a float: shortest round-trip digits, exponent form below 1e-4 and from 1e16. */
export function pythonFloatStr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa = '', expText = '0'] = x.toExponential().split('e');
  const exp = Number.parseInt(expText, 10);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const frac = digits.slice(1);
    const expStr = `${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
    return `${sign}${digits[0] ?? ''}${frac ? `.${frac}` : ''}e${expStr}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart || '0'}`;
}

/** Python's str() of a scalar (what `eq`/`in` filters compare). */
export function pythonStr(s: PyScalar): string {
  switch (s.type) {
    case 'str':
      return s.value;
    case 'int':
      return s.value.toString();
    case 'float':
      return pythonFloatStr(s.value);
    case 'bool':
      return s.value ? 'True' : 'False';
    case 'null':
      return 'None';
    case 'timestamp':
      return s.text;
  }
}

/** Python's type name, for messages. */
export function pythonTypeName(s: PyScalar): string {
  switch (s.type) {
    case 'null':
      return 'NoneType';
    case 'timestamp':
      return 'datetime';
    default:
      return s.type;
  }
}
