/**
 * Dates as real files write them, read as decimal years (2020.5 = the middle of 2020). An approximate
 * date is the midpoint of the range it names: `~2019` is mid-2019, `~2020-05/06` is noon on 31 May 2020
 * (the middle of May-June), `~2021-10..12` is mid-November 2021. Exact dates: `YYYY-MM-DD`, and `M/D/YYYY`
 * as US spreadsheets re-save them; a bare `YYYY` or `YYYY-MM` is the middle of that year or month.
 */

export interface ParsedDate {
  /** Decimal year of the midpoint. */
  year: number;
  /** The midpoint as YYYY-MM-DD (UTC). */
  iso: string;
  /** Width of the range in days (1 for an exact day). */
  spanDays: number;
}

const DAY_MS = 86_400_000;

function decimalYear(ms: number): number {
  const y = new Date(ms).getUTCFullYear();
  const start = Date.UTC(y, 0, 1);
  return y + (ms - start) / (Date.UTC(y + 1, 0, 1) - start);
}

function fromRange(startMs: number, endMs: number): ParsedDate {
  const mid = (startMs + endMs) / 2;
  return {
    year: decimalYear(mid),
    iso: new Date(Math.floor(mid / DAY_MS) * DAY_MS).toISOString().slice(0, 10),
    spanDays: (endMs - startMs) / DAY_MS,
  };
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

/**
 * Parses a date or an approximate date range; returns the reason as a string when the text is not one.
 * Accepted: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `M/D/YYYY`, `YYYY-MM/MM` and `YYYY-MM..MM` (month ranges),
 * each optionally prefixed by `~` (approximate; the value is the same midpoint).
 */
export function parseApproximateDate(text: string): ParsedDate | string {
  const t = text.trim().replace(/^~\s*/, '');
  const year = (y: number) => (y >= MIN_YEAR && y <= MAX_YEAR ? null : `year ${y} outside ${MIN_YEAR}-${MAX_YEAR}`);
  const month = (m: number) => (m >= 1 && m <= 12 ? null : `month ${m} is not 1-12`);
  let match = /^(\d{4})$/.exec(t);
  if (match) {
    const y = Number(match[1]);
    return year(y) ?? fromRange(Date.UTC(y, 0, 1), Date.UTC(y + 1, 0, 1));
  }
  match = /^(\d{4})-(\d{1,2})(?:(?:\/|\.\.)(\d{1,2}))?$/.exec(t);
  if (match) {
    const y = Number(match[1]);
    const from = Number(match[2]);
    const to = match[3] === undefined ? from : Number(match[3]);
    const problem = year(y) ?? month(from) ?? month(to) ?? (to < from ? `month range ${from}-${to} runs backwards` : null);
    return problem ?? fromRange(Date.UTC(y, from - 1, 1), Date.UTC(y, to, 1));
  }
  let y: number;
  let m: number;
  let d: number;
  match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(t);
  if (match) [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if (us) [m, d, y] = [Number(us[1]), Number(us[2]), Number(us[3])];
  else return 'not a date (expected YYYY, YYYY-MM, YYYY-MM-DD, M/D/YYYY, or a range such as ~2020-05/06 or ~2021-10..12)';
  const problem = year(y) ?? month(m);
  if (problem) return problem;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  if (d < 1 || d > days) return `day ${d} does not exist in ${y}-${String(m).padStart(2, '0')}`;
  return fromRange(Date.UTC(y, m - 1, d), Date.UTC(y, m - 1, d + 1));
}

/** The snapshot date of the Kaggle "Spotify Tracks Dataset" (collected around October 2022). */
export const KAGGLE_AS_OF = '2022-10';
