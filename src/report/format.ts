/**
 * One number format per kind of number, so the report never shows 51.241 beside 46.6: every number on
 * the page goes through one of these (the tables accept only preformatted text or whole counts).
 */

const finite = (x: number, text: (x: number) => string) => (Number.isFinite(x) ? text(x) : '-');

/** Whole counts: tracks, rows, genres (thousands separated). */
export const formatCount = (n: number) => finite(n, (x) => Math.round(x).toLocaleString('en-US'));

/** Popularity on its 0-100 scale and means of it: one decimal. */
export const formatPopularity = (x: number) => finite(x, (v) => v.toFixed(1));

/** Popularity points per SD (regression coefficients and their intervals): signed, one decimal. */
export const formatPoints = (x: number) => finite(x, (v) => `${v > 0 ? '+' : v < 0 ? '-' : ''}${Math.abs(v).toFixed(1)}`);

/** Shares, rates and accuracies: a percentage with one decimal. */
export const formatShare = (x: number) => finite(x, (v) => `${(v * 100).toFixed(1)}%`);

/** Scores on a 0-1 scale that are not shares (AUC, F1, Spearman, correlation r, probabilities, audio scores): two decimals. */
export const formatScore = (x: number) => finite(x, (v) => v.toFixed(2));

/** Adjusted p-values: two decimals, three below 0.01, "<0.001" below that (as the drivers insights print them). */
export const formatP = (p: number) => finite(p, (v) => (v < 0.001 ? '<0.001' : v < 0.01 ? v.toFixed(3) : v.toFixed(2)));

/** Seconds of compute: one decimal. */
export const formatSeconds = (x: number) => finite(x, (v) => `${v.toFixed(1)} s`);

/** A 95% interval of any kind, with the formatter of its estimate. */
export const formatInterval = (low: number, high: number, format: (x: number) => string) => `${format(low)} to ${format(high)}`;

/** Weights of a score formula: three significant digits (0.00333 x tempo beside 0.25 x energy). */
export const formatWeight = (x: number) => finite(x, (v) => String(Number(v.toPrecision(3))));
