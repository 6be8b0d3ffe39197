import { describe, expect, it } from 'vitest';
import { benchInvocation } from './lib/bench-args.mjs';

const BENCHES = ['checks', 'compare', 'engine', 'grid', 'pool'];

describe('benchInvocation (npm run bench arguments)', () => {
  it('runs every bench when none is named', () => {
    expect(benchInvocation([], {}, BENCHES)).toEqual({ names: BENCHES, args: [] });
  });

  it('`npm run bench -- compare --rounds 1`: the option reaches the bench, not the list of names', () => {
    expect(benchInvocation(['compare', '--rounds', '1'], {}, BENCHES)).toEqual({ names: ['compare'], args: ['--rounds', '1'] });
  });

  it('`npm run bench compare --rounds 1`: npm keeps --rounds as its own config (npm_config_rounds=true) and passes the 1 on as a name', () => {
    expect(benchInvocation(['compare', '1'], { npm_config_rounds: 'true' }, BENCHES)).toEqual({ names: ['compare'], args: ['--rounds', '1'] });
  });

  it('`npm run bench compare --rounds=1`: npm keeps the value in npm_config_rounds', () => {
    expect(benchInvocation(['compare'], { npm_config_rounds: '1' }, BENCHES)).toEqual({ names: ['compare'], args: ['--rounds', '1'] });
  });
});

describe('benchInvocation: what it refuses, with a hint', () => {
  it('a name that is no bench', () => {
    expect(() => benchInvocation(['compar'], {}, BENCHES)).toThrow(/no bench named "compar" \(the benches are checks, compare, engine, grid, pool\); put the bench options after --/);
  });

  it('an option no bench takes', () => {
    expect(() => benchInvocation(['compare', '--round', '1'], {}, BENCHES)).toThrow(/Unknown option '--round'.*--rounds/);
  });

  it('two options npm took whose values cannot be told apart', () => {
    expect(() => benchInvocation(['grid', '5', '1000'], { npm_config_rounds: 'true', npm_config_rows: 'true' }, BENCHES)).toThrow(/npm took --rounds, --rows as its own options/);
  });

  it('a boolean npm took is passed on', () => {
    expect(benchInvocation(['engine'], { npm_config_per_search: 'true' }, BENCHES)).toEqual({ names: ['engine'], args: ['--per-search'] });
  });

  it('an option given after -- wins over npm configuration of the same name', () => {
    expect(benchInvocation(['compare', '--rounds', '2'], { npm_config_rounds: '7' }, BENCHES)).toEqual({ names: ['compare'], args: ['--rounds', '2'] });
  });
});
