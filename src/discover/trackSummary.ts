/** The fields every emerging list shows to name a track, in one place. */
import { type Catalog, genresOf, spotifyUrl } from '../data/catalog.js';

export interface TrackSummary {
  trackId: string;
  trackName: string;
  mainArtist: string;
  artists: string;
  genres: string[];
  url: string;
}

export function trackSummary(catalog: Catalog, t: number): TrackSummary {
  const trackId = catalog.trackId[t] as string;
  return {
    trackId,
    trackName: catalog.trackName[t] as string,
    mainArtist: catalog.mainArtist[t] as string,
    artists: catalog.artists[t] as string,
    genres: genresOf(catalog, t),
    url: spotifyUrl(trackId),
  };
}
