/**
 * What a catalogue can answer given the columns its export has: without genres there is no genre
 * classification and no per-genre drivers, but recommendations, emerging tracks and exploration
 * still work. Each refusal names the missing column and how to supply it.
 */
import type { Catalog } from './catalog.js';
import { InputError } from './errors.js';

export function hasColumn(catalog: Catalog, column: string): boolean {
  return !catalog.absentColumns?.includes(column);
}

/** Throws a clear InputError when the catalogue lacks any of `columns`, which `capability` needs. */
export function requireColumns(catalog: Catalog, columns: readonly string[], capability: string): void {
  const absent = columns.filter((c) => !hasColumn(catalog, c));
  if (absent.length === 0) return;
  const plural = absent.length > 1 ? 's' : '';
  throw new InputError(
    `${capability} is unavailable: this catalogue's export has no ${absent.join(', ')} column${plural}. ` +
      `Recommendations, emerging tracks and the exploration work without it; to enable ${capability}, name a column of the file that holds ${absent.join(', ')}.`,
  );
}
