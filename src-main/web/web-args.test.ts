import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseWebArgs } from './web-args';

describe('parseWebArgs', () => {
  it('reads --port and --root (relative to cwd) in both spellings', () => {
    expect(parseWebArgs([], '/w')).toEqual({ port: 7325, root: null });
    expect(parseWebArgs(['--port', '0', '--root', 'data'], '/w')).toEqual({ port: 0, root: resolve('/w', 'data') });
    expect(parseWebArgs(['--port=8080'], '/w')).toEqual({ port: 8080, root: null });
    expect(parseWebArgs(['--help'])).toEqual({ help: true });
  });

  it('names what is wrong', () => {
    expect(parseWebArgs(['--port', 'x'])).toEqual({ error: '--port must be a port number (0-65535), got x' });
    expect(parseWebArgs(['--root'])).toEqual({ error: '--root needs a value' });
    expect(parseWebArgs(['--verbose'])).toEqual({ error: 'Unknown option --verbose' });
  });
});
