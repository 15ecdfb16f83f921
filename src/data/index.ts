import { type CleanResult, clean } from './clean.js';
import { type LoadOptions, loadRawTable, type RawTable } from './load.js';

export interface LoadedCatalog extends CleanResult {
  raw: RawTable;
}

/** Loads and cleans a catalogue file in one call. */
export async function loadCatalog(path: string, options: LoadOptions = {}): Promise<LoadedCatalog> {
  const raw = await loadRawTable(path, options);
  return { raw, ...clean(raw, options.threads === 1 ? false : undefined) };
}
