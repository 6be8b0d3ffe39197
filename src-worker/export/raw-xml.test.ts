import { describe, expect, it } from 'vitest';
import { escapeText, numberCell, rowXml, textCell } from './raw-xml';

describe('raw row XML', () => {
  it('escapes markup and keeps _xHHHH_ literal', () => {
    expect(escapeText('a<b>&c')).toBe('a&lt;b&gt;&amp;c');
    expect(escapeText('_x000D_ and _x41')).toBe('_x005F_x000D_ and _x41');
  });
  it('writes text as inline strings, never formulas', () => {
    const xml = textCell('A1', "=cmd|' /C calc'!A0", 3);
    expect(xml).toBe(`<c r="A1" s="3" t="inlineStr"><is><t xml:space="preserve">=cmd|' /C calc'!A0</t></is></c>`);
    expect(xml).not.toContain('<f>');
    expect(textCell('A1', '', 3)).toBe('');
  });
  it('writes numbers and rows', () => {
    expect(numberCell('B2', 41, 1)).toBe('<c r="B2" s="1"><v>41</v></c>');
    expect(rowXml(2, '', 45)).toBe('<row r="2" ht="45" customHeight="1"></row>');
    expect(rowXml(3, 'x')).toBe('<row r="3">x</row>');
  });
});
