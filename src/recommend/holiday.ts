/**
 * Holiday songs in recommendations: a Christmas song is out of place after a non-holiday seed (an
 * "I'm Yours" seed should not bring "Winter Wonderland"), so recommendations leave them out, unless
 * the request asks to keep them; seeds that are all holiday songs get holiday songs only. Detection is the emerging list's: holiday
 * words in the title or album name (HOLIDAY_WORDS, src/discover/scoutFilters.ts).
 */
import type { Catalog } from '../data/catalog.js';
import { isHolidayTitle } from '../discover/scoutFilters.js';

/** 1 for each track whose title or album name holds a holiday word (fitted once per catalogue). */
export function holidayTracks(catalog: Catalog): Uint8Array {
  return Uint8Array.from({ length: catalog.size }, (_, t) =>
    isHolidayTitle(catalog.trackName[t] as string, (catalog.albumName[t] as string | undefined) ?? '') ? 1 : 0,
  );
}

/** What a request did with holiday songs. */
export type HolidayRule = 'left out' | 'only' | 'kept';

/**
 * Applies the holiday rule to the mask: kept when asked for or when the seeds mix holiday and other
 * songs; only holiday songs when every seed track is one (a "Winter Wonderland" seed wants a Christmas
 * list); left out otherwise.
 */
export function applyHolidayRule(holiday: Uint8Array, mask: Uint8Array, seedTracks: readonly number[], include: boolean): HolidayRule {
  const holidaySeeds = seedTracks.filter((t) => holiday[t] === 1).length;
  if (include || (holidaySeeds > 0 && holidaySeeds < seedTracks.length)) return 'kept';
  const keep = holidaySeeds > 0 ? 1 : 0;
  for (let t = 0; t < mask.length; t++) if (holiday[t] !== keep) mask[t] = 0;
  return keep ? 'only' : 'left out';
}
