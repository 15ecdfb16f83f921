/**
 * Text keys for matching names the way people type them, and the one definition of "same song" that
 * cleaning turns into `Catalog.songCode` (seeds, diversity, emerging and the song split all use it).
 */

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Lower case, accents removed, punctuation folded to single spaces. */
export function foldText(text: string): string {
  // Printable ASCII (most titles) has no accents and nothing NFKD changes: the same result, cheaper.
  if (PRINTABLE_ASCII.test(text))
    return text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The song a track is a version of: its title without version notes ("- Remastered 2009",
 * "(feat. X)", "[Live]"), folded. Two tracks with the same song key and main artist are one song.
 */
export function songTitleKey(title: string): string {
  const base = title
    .replace(/\s+-\s+.*$/, '')
    .replace(/\s*[([].*?[)\]]/g, '')
    .trim();
  return foldText(base || title);
}

/** Splits the `artists` field (`;`-separated) into trimmed, non-empty names. */
export function splitArtists(artists: string): string[] {
  if (!artists.includes(';')) {
    const name = artists.trim();
    return name ? [name] : [];
  }
  return artists
    .split(';')
    .map((a) => a.trim())
    .filter((a) => a.length > 0);
}

export function songKey(title: string, mainArtist: string): string {
  return `${songTitleKey(title)}\u0000${foldText(mainArtist)}`;
}

/**
 * Control characters made visible (`\x1b` -> `\u001b`), so a hostile name cannot clear a terminal
 * or set its title when printed; tabs and newlines are kept.
 */
export function escapeControl(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
