import { describe, expect, it } from 'vitest';
import { pythonFloatStr, pythonStr, resolvePlainScalar, resolveTaggedScalar } from './pyyaml-scalars';

// [plain scalar text, Python type, str() of the value] as PyYAML 6.0 safe_load gives them
// (timestamps keep their source text; Python would print a datetime).
const PYYAML: [string, string, string][] = [
  ['yes', 'bool', 'True'],
  ['Yes', 'bool', 'True'],
  ['YES', 'bool', 'True'],
  ['no', 'bool', 'False'],
  ['No', 'bool', 'False'],
  ['NO', 'bool', 'False'],
  ['true', 'bool', 'True'],
  ['True', 'bool', 'True'],
  ['TRUE', 'bool', 'True'],
  ['false', 'bool', 'False'],
  ['False', 'bool', 'False'],
  ['FALSE', 'bool', 'False'],
  ['on', 'bool', 'True'],
  ['On', 'bool', 'True'],
  ['ON', 'bool', 'True'],
  ['off', 'bool', 'False'],
  ['Off', 'bool', 'False'],
  ['OFF', 'bool', 'False'],
  ['tRue', 'str', 'tRue'],
  ['y', 'str', 'y'],
  ['Y', 'str', 'Y'],
  ['n', 'str', 'n'],
  ['N', 'str', 'N'],
  ['~', 'null', 'None'],
  ['null', 'null', 'None'],
  ['Null', 'null', 'None'],
  ['NULL', 'null', 'None'],
  ['', 'null', 'None'],
  ['nULL', 'str', 'nULL'],
  ['0', 'int', '0'],
  ['+0', 'int', '0'],
  ['-0', 'int', '0'],
  ['42', 'int', '42'],
  ['-17', 'int', '-17'],
  ['1_000', 'int', '1000'],
  ['0755', 'int', '493'],
  ['0_', 'int', '0'],
  ['09', 'str', '09'],
  ['0o17', 'str', '0o17'],
  ['0x1F', 'int', '31'],
  ['-0x_1f', 'int', '-31'],
  ['0b101', 'int', '5'],
  ['-0b11', 'int', '-3'],
  ['1:20', 'int', '80'],
  ['-1:00:01', 'int', '-3601'],
  ['123456789012345678901', 'int', '123456789012345678901'],
  ['1.0', 'float', '1.0'],
  ['1.', 'float', '1.0'],
  ['.5', 'float', '0.5'],
  ['+.5', 'str', '+.5'],
  ['-2.5', 'float', '-2.5'],
  ['1_000.5', 'float', '1000.5'],
  ['1:30.5', 'float', '90.5'],
  ['1.0e+5', 'float', '100000.0'],
  ['1.0e5', 'str', '1.0e5'],
  ['1e5', 'str', '1e5'],
  ['1e+16', 'str', '1e+16'],
  ['0.00001', 'float', '1e-05'],
  ['1.0e-5', 'float', '1e-05'],
  ['1.0e+15', 'float', '1000000000000000.0'],
  ['1234567890123456.7', 'float', '1234567890123456.8'],
  ['.inf', 'float', 'inf'],
  ['-.Inf', 'float', '-inf'],
  ['+.INF', 'float', 'inf'],
  ['.nan', 'float', 'nan'],
  ['.NaN', 'float', 'nan'],
  ['2023-06-21', 'timestamp', '2023-06-21'],
  ['2023-6-1 1:02:03', 'timestamp', '2023-6-1 1:02:03'],
  ['2023-06-21T10:00:00Z', 'timestamp', '2023-06-21T10:00:00Z'],
  ['2023-6-21', 'str', '2023-6-21'],
  ['0.6.21', 'str', '0.6.21'],
  ['Linux', 'str', 'Linux'],
];

describe('resolvePlainScalar (PyYAML 1.1 implicit resolver)', () => {
  it.each(PYYAML)('%j → %s %s', (text, type, str) => {
    const value = resolvePlainScalar(text);
    expect(value.type).toBe(type);
    expect(pythonStr(value)).toBe(str);
  });
});

describe('resolveTaggedScalar', () => {
  it('follows the explicit tag', () => {
    expect(resolveTaggedScalar('123', 'str')).toEqual({ type: 'str', value: '123' });
    expect(resolveTaggedScalar('0x1f', 'int')).toEqual({ type: 'int', value: 31n });
    expect(resolveTaggedScalar('Yes', 'bool')).toEqual({ type: 'bool', value: true });
    expect(resolveTaggedScalar('1.5', 'float')).toEqual({ type: 'float', value: 1.5 });
    expect(resolveTaggedScalar('anything', 'null')).toEqual({ type: 'null' });
  });
  it('refuses text that does not fit the tag (PyYAML raises)', () => {
    expect(resolveTaggedScalar('y', 'bool')).toBeNull();
    expect(resolveTaggedScalar('abc', 'int')).toBeNull();
    expect(resolveTaggedScalar('abc', 'float')).toBeNull();
  });
});

describe('pythonFloatStr (Python repr of a float)', () => {
  const table: [number, string][] = [
    [1, '1.0'],
    [0.1, '0.1'],
    [-2.5, '-2.5'],
    [100, '100.0'],
    [1e15, '1000000000000000.0'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.25e-7, '1.25e-07'],
    [1e300, '1e+300'],
    [5e-324, '5e-324'],
    [0, '0.0'],
    [-0, '-0.0'],
    [Infinity, 'inf'],
    [-Infinity, '-inf'],
    [NaN, 'nan'],
  ];
  it.each(table)('%d → %s', (x, str) => {
    expect(pythonFloatStr(x)).toBe(str);
  });
});
