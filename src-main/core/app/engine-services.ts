// The engine functions AppCore uses, in the shapes it asks for.

import { loadSearchSet } from '../../../src-worker/engine/config/load';
import { searchAppliesTo, searchFamilies } from '../../../src-worker/engine/filters';
import type { FilterFunctions, SearchSetLoader } from './search-sets';

export const loadSearchSetWithEngine: SearchSetLoader = (rootFile, libraryDir) => loadSearchSet(rootFile, libraryDir ? { libraryDir } : {});

export const engineFilters: FilterFunctions = { searchAppliesTo, searchFamilies };
