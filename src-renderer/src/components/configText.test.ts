import { describe, expect, it } from 'vitest';
import type { SearchSetSearch } from '../../../src-main/contract/ipc';
import { optionsText } from './configText';

const DEFAULTS: SearchSetSearch['options'] = {
  maxResults: -1, onlyMatching: false, unique: false, fullScan: false, multiline: false, showMissing: false,
  fieldList: [], format: null, rsDelimiter: null, mergeFields: [],
};

describe('optionsText', () => {
  it('says nothing for the defaults', () => {
    expect(optionsText(DEFAULTS)).toEqual([]);
  });
  it('names a PowerShell format search and its properties', () => {
    expect(optionsText({ ...DEFAULTS, format: 'table', fieldList: ['Name', 'Enabled'] })).toEqual(['PowerShell table', 'fields: Name, Enabled']);
    expect(optionsText({ ...DEFAULTS, format: 'list' })).toEqual(['PowerShell list']);
  });
});
