/**
 * Plain-language findings. Insights are generated only from coefficients that are significant after
 * Benjamini-Hochberg; the notebook's claims are checked against the same numbers and, where the data
 * does not support them, the answer says so.
 */
import type { AudioFeature } from '../data/schema.js';
import { coefficientOf, type DriverCoefficient, type DriversResult, type GenreDrivers } from './drivers.js';

function signed(value: number, digits = 1): string {
  const text = Math.abs(value).toFixed(digits);
  return `${value < 0 ? '-' : '+'}${text}`;
}

export function formatP(p: number): string {
  if (p < 0.001) return '<0.001';
  return `=${p < 0.01 ? p.toFixed(3) : p.toFixed(2)}`;
}

function effect(genre: GenreDrivers, c: DriverCoefficient, confidence: number): string {
  return (
    `+1 SD of ${c.feature} (${Number(c.sd.toPrecision(2))}) goes with ${signed(c.stdCoef)} popularity points ` +
    `(${Math.round(confidence * 100)}% CI ${c.stdCiLow.toFixed(1)} to ${c.stdCiHigh.toFixed(1)}, adjusted p${formatP(c.pAdjusted)}, n=${genre.n})`
  );
}

export interface Insight {
  genre: string;
  feature: AudioFeature;
  stdCoef: number;
  pAdjusted: number;
  text: string;
}

/**
 * One sentence per significant (genre, feature), strongest effects first. `genre` / `feature` narrow
 * the list; the adjustment stays over the whole family.
 */
export function driverInsights(result: DriversResult, filter: { genre?: string; feature?: AudioFeature } = {}): Insight[] {
  const out: Insight[] = [];
  for (const g of result.genres) {
    if (filter.genre !== undefined && g.genre !== filter.genre) continue;
    for (const c of g.coefficients) {
      if (!c.significant || (filter.feature !== undefined && c.feature !== filter.feature)) continue;
      const caveat = c.vif > 10 ? ` (VIF ${c.vif.toFixed(1)}: collinear, read with care)` : '';
      out.push({
        genre: g.genre,
        feature: c.feature,
        stdCoef: c.stdCoef,
        pAdjusted: c.pAdjusted,
        text: `In ${g.genre}, ${effect(g, c, result.confidence)}${caveat}.`,
      });
    }
  }
  return out.sort((a, b) => Math.abs(b.stdCoef) - Math.abs(a.stdCoef));
}

/** A one-line account of the family of tests. */
export function driversSummary(result: DriversResult): string {
  const modelsSignificant = result.genres.filter((g) => g.fPValue <= result.alpha).length;
  const medianR2 = [...result.genres.map((g) => g.r2)].sort((a, b) => a - b)[Math.floor(result.genres.length / 2)] ?? Number.NaN;
  return (
    `${result.genres.length} genres (${result.membership} genre, n >= ${result.minTracks}); ` +
    `${result.significantCount} of ${result.tests} genre x feature coefficients are significant after Benjamini-Hochberg at FDR ${result.alpha}; ` +
    `median R^2 ${medianR2.toFixed(3)}; ${modelsSignificant} genres have an F-test p <= ${result.alpha} (unadjusted).`
  );
}

export type ClaimVerdict = 'supported' | 'contradicted' | 'not significant' | 'genre not in the catalogue' | 'genre not modelled';

export interface ClaimCheck {
  claim: string;
  genre: string;
  feature: AudioFeature;
  /** +1: the claim says higher feature, higher popularity; -1: the opposite. */
  expectedSign: 1 | -1;
  verdict: ClaimVerdict;
  stdCoef?: number;
  stdCiLow?: number;
  stdCiHigh?: number;
  pAdjusted?: number;
  text: string;
}

/** The reference notebook's statements about valence, as (genre, feature, direction). */
export const NOTEBOOK_CLAIMS: readonly { claim: string; genre: string; feature: AudioFeature; expectedSign: 1 | -1 }[] = [
  { claim: 'valence strongly boosts popularity in pop', genre: 'pop', feature: 'valence', expectedSign: 1 },
  { claim: 'valence strongly boosts popularity in dance pop', genre: 'dance pop', feature: 'valence', expectedSign: 1 },
  {
    claim: 'valence strongly boosts popularity in dance pop (read as the genre "dance")',
    genre: 'dance',
    feature: 'valence',
    expectedSign: 1,
  },
  { claim: 'in metal lower valence goes with higher popularity', genre: 'metal', feature: 'valence', expectedSign: -1 },
];

export function checkNotebookClaims(result: DriversResult, knownGenres: readonly string[]): ClaimCheck[] {
  return NOTEBOOK_CLAIMS.map(({ claim, genre, feature, expectedSign }) => {
    const base = { claim, genre, feature, expectedSign };
    const model = result.genres.find((g) => g.genre === genre);
    if (!model) {
      if (!knownGenres.includes(genre)) {
        return {
          ...base,
          verdict: 'genre not in the catalogue',
          text: `The notebook says ${claim}; there is no genre "${genre}" in this catalogue.`,
        };
      }
      const reason = result.skipped.find((s) => s.genre === genre)?.reason ?? 'not modelled';
      return { ...base, verdict: 'genre not modelled', text: `The notebook says ${claim}; ${genre} was not modelled (${reason}).` };
    }
    const c = coefficientOf(model, feature);
    const sameSign = Math.sign(c.coef) === expectedSign;
    const verdict: ClaimVerdict = !c.significant ? 'not significant' : sameSign ? 'supported' : 'contradicted';
    const shows = `in ${genre}, ${effect(model, c, result.confidence)}`;
    const text =
      verdict === 'supported'
        ? `The notebook says ${claim}; the data supports it: ${shows}.`
        : verdict === 'contradicted'
          ? `The notebook says ${claim}; the data shows the opposite: ${shows}.`
          : `The notebook says ${claim}; the data does not support it: ${shows}, not significant after Benjamini-Hochberg${sameSign ? '' : ' and of the opposite sign'}.`;
    return { ...base, verdict, stdCoef: c.stdCoef, stdCiLow: c.stdCiLow, stdCiHigh: c.stdCiHigh, pAdjusted: c.pAdjusted, text };
  });
}
