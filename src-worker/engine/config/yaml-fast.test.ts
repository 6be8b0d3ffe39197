// The fast reader must answer exactly as the full parser, or not at all: every reference and
// built-in file, hand-picked edge cases, and seeded random mutations of the reference files.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REFERENCE_DIR } from '../testing/reference';
import { parseYamlFast } from './yaml-fast';
import { parseYamlFull } from './yaml-full';

const CONF_DIR = join(REFERENCE_DIR, 'conf.d');
const BUILTIN_DIR = resolve(__dirname, '../../../builtin-searches');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** xorshift32: the same cases on every run, so a failure can be replayed (its text is in the message). */
function seededRandom(seed: number): (n: number) => number {
  let x = seed;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

/** The fast answer, checked against the full parser; null when the fast reader declined. */
function agree(text: string, file = 'f.yaml'): ReturnType<typeof parseYamlFast> {
  const fast = parseYamlFast(text, file);
  if (fast !== null) {
    const full = parseYamlFull(text, file);
    expect(full.problems, `full parser found problems the fast one did not:\n${text}`).toEqual([]);
    expect(fast, `fast and full parsers disagree on:\n${text}`).toEqual(full);
  }
  return fast;
}

describe('parseYamlFast', () => {
  it('reads every reference and built-in search file, exactly as the full parser', () => {
    const files = [...yamlFiles(CONF_DIR), ...yamlFiles(BUILTIN_DIR)];
    expect(files.length).toBeGreaterThan(40);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      expect(agree(text, file), `${file} fell back to the full parser`).not.toBeNull();
    }
  });

  const supported: Record<string, string> = {
    'empty file': '',
    'comments only': '# a\n\n   # b\n',
    'document start only': '---\n# nothing\n',
    'CRLF line ends': '---\r\na: 1\r\nb:\r\n  - x\r\n  - y\r\n',
    'no final line break': 'a: b',
    'scalars of every PyYAML type': 'a: yes\nb: 0755\nc: 1:20\nd: 1.5e+3\ne: ~\nf: 2024-01-02\ng: -1\nh: .inf\ni: text with spaces\n',
    'keys of every type': 'True: a\n1: b\nnull: c\n1.0: d\n',
    'duplicate keys': 'a: 1\nb:\n  x: 1\n  x: 2\na: 3\n',
    'empty values': 'a:\nb:   # comment\nc:\n\n  # deeper comment\nd: 1\n',
    'nested blocks': 'a:\n  b:\n    c: 1\n  d:\n    - 1\n    -\n    - e: 2\n      f: 3\n',
    'sequence at the key indentation': 'a:\n- 1\n- b: 2\n  c: 3\nd: 4\n',
    'root sequence': '- a\n- b: c\n-\n  d: e\n-   # empty\n',
    'quoted scalars': `a: 'it''s # not a comment'\nb: "tab\\tnew\\nline \\x41\\u00e9\\U0001F600 \\" \\\\"\n'q k': 1\n"r k": 2\nc: 'x'   # c\n`,
    'plain scalars with colons and hashes': 'url: http://x:80/a#b\nre: a:b#c\nt: v # comment\n',
    'literal block scalars': 'a: |\n  one\n\n    two\n\n\nb: |-\n  x\n  \nc: |+\n  y\n\n\nd: |   # c\n  z\ne: |\nf: |-\n\n    lead\n',
    'literal with more-indented blank lines': 'a: |-\n    x\n        \n    y\nb: |\n    x\n      \nc: |+\n    x\n      \n\n',
    'literal in sequences and compact mappings': '- |-\n  a\n- k: |\n    b\n  j: c\n',
    'literal at the end without a break': 'a: |\n  x',
    'stripped literal ending in a blank line without a break': 'a: |-\n  x\n  ',
    'flow sequences': 'a: [ x , "y" ,z ]   # c\nb: []\nc: [a:b, -1, \'q\']\nd:\n  - [1]\n',
    'indented root': '  a: 1\n  b: 2\n',
  };
  for (const [name, text] of Object.entries(supported)) {
    it(`reads ${name}`, () => {
      expect(agree(text)).not.toBeNull();
    });
  }

  const declined: Record<string, string> = {
    'nested flow sequence': 'a: [1, [2]]\n',
    'flow sequence over two lines': 'a: [1,\n  2]\n',
    'nested sequence on one line': '- - a\n',
    'flow mapping': 'a: {b: 1}\n',
    anchors: 'a: &x 1\nb: *x\n',
    'merge key': 'a: &x {b: 1}\nc:\n  <<: *x\n',
    tag: 'a: !!str 1\n',
    'folded scalar': 'a: >\n  x\n  y\n',
    'indentation indicator': 'a: |2\n    x\n',
    'multi-line plain scalar': 'a: one\n  two\n',
    'multi-line quoted scalar': "a: 'one\n  two'\n",
    tab: 'a:\tb\n',
    'second document': 'a: 1\n---\nb: 2\n',
    directive: '%YAML 1.1\n---\na: 1\n',
    'nested mapping on one line': 'a: b: c\n',
    'complex key': '? a\n: b\n',
    'bad indentation': 'a:\n    b: 1\n  c: 2\n',
    'sequence inside a mapping at its indentation': 'a: 1\n- b\n',
    'unknown escape': 'a: "\\q"\n',
    'unterminated quote': "a: 'x\n",
    'text after a quote': "a: 'x' y\n",
    'kept literal ending without a break': 'a: |+\n  x\n  ',
    'keep chomping with no content': 'a: |+\n\nb: 1\n',
  };
  for (const [name, text] of Object.entries(declined)) {
    it(`leaves ${name} to the full parser`, () => {
      expect(parseYamlFast(text, 'f.yaml')).toBeNull();
    });
  }

  it('agrees with the full parser on random mutations of the reference files (or declines)', () => {
    const random = seededRandom(0x2545f491);
    const pieces = [' ', '  ', ':', ': ', '-', '- ', '#', ' #', "'", '"', '|', '|-', '|+', '\n', '\n  ', '\\', 'x', 'a: b', '---', '&', '*', '[', '{', '?', '>', '\r\n'];
    const texts = yamlFiles(CONF_DIR).map((f) => readFileSync(f, 'utf8').replace(/\r\n/g, '\n'));
    let answered = 0;
    let tried = 0;
    for (let round = 0; round < 60; round++) {
      for (const original of texts) {
        const lines = original.split('\n');
        // Mutate a window of a few lines from a top-level key on, so each case stays small
        // enough for the full parser and usually starts as valid YAML.
        const tops = lines.flatMap((l, n) => (/^[^\s#-]/.test(l) ? [n] : []));
        const start = tops.length > 0 ? (tops[random(tops.length)] as number) : 0;
        const window = lines.slice(start, start + 16);
        const edits = 1 + random(3);
        let text = window.join('\n');
        for (let e = 0; e < edits; e++) {
          const at = random(text.length + 1);
          const kind = random(3);
          if (kind === 0) text = text.slice(0, at) + (pieces[random(pieces.length)] as string) + text.slice(at);
          else if (kind === 1) text = text.slice(0, at) + text.slice(at + 1 + random(3));
          else {
            const ls = text.split('\n');
            const l = random(ls.length);
            ls[l] = random(2) === 0 ? ` ${ls[l] ?? ''}` : (ls[l] ?? '').replace(/^ /, '');
            text = ls.join('\n');
          }
        }
        tried++;
        if (agree(text) !== null) answered++;
      }
    }
    // Most mutations stay within the subset, so the comparison is not vacuous.
    expect(answered).toBeGreaterThan(tried / 3);
  });

  it('agrees with the full parser on random documents built from YAML tokens (or declines)', () => {
    const random = seededRandom(0x1f123bb5);
    const tokens = ['a', 'b c', 'key', '-1', 'yes', '~', "'q'", "'it''s'", '"d\\"q"', '"\\x41"', '[x, y]', '[]', '|', '|-', '|+', '#c', ' # c', ':', ': ', '- ', '-'];
    tokens.push('? ', '&a', '*a', '!!str', '>', 'http://x', 'a:b', '"', "'", '{', '}', ',', ' ', '  ', '1.5', '0x1F', '2020-01-01');
    const pick = (list: readonly string[]): string => list[random(list.length)] as string;
    let answered = 0;
    for (let c = 0; c < 6000; c++) {
      const lines: string[] = [];
      for (let l = 1 + random(8); l > 0; l--) {
        let line = ' '.repeat(random(7));
        const shape = random(4);
        if (shape === 0) line += `${pick(tokens)}: `;
        else if (shape === 1) line += '- ';
        else if (shape === 2) line += `- ${pick(tokens)}: `;
        for (let t = random(4); t > 0; t--) line += pick(tokens);
        lines.push(line);
      }
      const text = lines.join(random(5) === 0 ? '\r\n' : '\n') + (random(3) ? '\n' : '');
      if (agree(text) !== null) answered++;
    }
    expect(answered).toBeGreaterThan(200);
  });
});
