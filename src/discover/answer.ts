/**
 * One emerging answer for the CLI, the HTTP API and the report: the audio ranking (the notebook's
 * heuristic or hit-likeness) and, when earlier snapshots are given, the two growth lists. Without
 * snapshots the answer says plainly that it has no growth evidence.
 */
import type { Catalog } from '../data/catalog.js';
import { type EmergingRequest, type EmergingResult, emerging } from './emerging.js';
import { type GrowthEvidence, type LikelyToRise, likelyToRise, type RisingNow, risingNow } from './growth.js';
import type { HitModel } from './hitLikeness.js';
import type { RiseModel } from './riseModel.js';
import { NO_SCOUT_FILTERS, type ScoutExclusions, type ScoutFilters, scoutMask } from './scoutFilters.js';
import type { SnapshotJoin } from './snapshotJoin.js';

export type GrowthList = 'rising' | 'likely' | 'both';

export interface GrowthRequest {
  list?: GrowthList;
  /** Forecast horizon of "likely to rise", in years; default 2. */
  horizonYears?: number;
  /** Per list; defaults: rising now 1 and 2, likely to rise 2 and 3 (as the audio ranking). */
  risingMinTracks?: number;
  risingPriorStrength?: number;
  /** At most this many listed tracks per main artist / primary genre; defaults 2 and 3, 0 = no limit. */
  maxPerArtist?: number;
  maxPerGenre?: number;
}

export interface EvidenceSummary extends Omit<SnapshotJoin, 'pairs' | 'releaseDateOfTrack'> {
  pairs: number;
  model: Omit<RiseModel, 'mean' | 'scale' | 'weights' | 'columns'>;
}

export interface EmergingAnswer extends EmergingResult {
  filters: ScoutFilters;
  /** Window tracks left out by the scout filters, per reason (the audio ranking's pool). */
  excluded: ScoutExclusions;
  /** What the snapshots hold and how they joined; null without snapshots. */
  evidence: EvidenceSummary | null;
  /** One plain sentence on what the lists can mean. */
  note: string;
  risingNow: RisingNow | null;
  likelyToRise: LikelyToRise | null;
}

export const NO_EVIDENCE_NOTE =
  'No growth evidence: no earlier popularity snapshot was given, so nothing here measures a rise. ' +
  "The lists rank how tracks sound (the notebook's audio heuristic, or hit-likeness); tested on the shared sample's earlier snapshots, " +
  'neither told risers apart (AUC 0.52 and 0.56) as well as earlier popularity alone (0.65).';

export function summarizeEvidence(evidence: GrowthEvidence): EvidenceSummary {
  const { pairs, releaseDateOfTrack: _dates, ...join } = evidence.join;
  const { mean: _m, scale: _s, weights: _w, columns: _c, ...model } = evidence.model;
  return { ...join, pairs: pairs.size, model };
}

export function emergingAnswer(
  catalog: Catalog,
  evidence: GrowthEvidence | null,
  request: EmergingRequest & GrowthRequest = {},
  hitModel?: HitModel,
): EmergingAnswer {
  const filters = request.filters ?? NO_SCOUT_FILTERS;
  const audio = emerging(catalog, { ...request, filters }, hitModel, evidence ? evidence.join : undefined);
  const base = { ...audio, filters, excluded: audio.excluded };
  if (!evidence) return { ...base, evidence: null, note: NO_EVIDENCE_NOTE, risingNow: null, likelyToRise: null };
  const keep = scoutMask(catalog, filters, evidence.join.releaseDateOfTrack, evidence.join.asOf.year);
  const list = request.list ?? 'both';
  const common = {
    minPopularity: audio.window.minPopularity,
    maxPopularity: audio.window.maxPopularity,
    ...(request.genre ? { genre: request.genre } : {}),
    limit: request.limit ?? 10,
    allowVersions: request.allowVersions ?? false,
    keep,
    maxPerArtist: request.maxPerArtist ?? 2,
    maxPerGenre: request.maxPerGenre ?? 3,
  };
  const rising =
    list === 'likely'
      ? null
      : risingNow(catalog, evidence, {
          ...common,
          minTracks: request.risingMinTracks ?? 1,
          priorStrength: request.risingPriorStrength ?? 2,
        });
  const likely =
    list === 'rising'
      ? null
      : likelyToRise(catalog, evidence, {
          ...common,
          minTracks: request.minTracks ?? 2,
          priorStrength: request.priorStrength ?? 3,
          horizonYears: request.horizonYears ?? 2,
        });
  const s = summarizeEvidence(evidence);
  return {
    ...base,
    evidence: s,
    note:
      `Growth evidence: ${s.pairs.toLocaleString('en-US')} tracks with an earlier popularity (${s.matchedIds.toLocaleString('en-US')} of ${s.distinctIds.toLocaleString('en-US')} snapshot ids matched, ` +
      `${s.unmatchedIds.toLocaleString('en-US')} unmatched). "Rising now" is what happened between those snapshots and ${s.asOf.text}; ` +
      '"likely to rise" is a forecast from a model trained on those pairs (see `emerging backtest` for how well it ranks).',
    risingNow: rising,
    likelyToRise: likely,
  };
}
