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
