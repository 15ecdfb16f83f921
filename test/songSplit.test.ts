import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { genreLabels } from '../src/classify/features.js';
import { songGroups } from '../src/classify/songGroups.js';
import { groupedStratifiedFolds, groupedStratifiedSplit, stratifiedFolds, stratifiedSplit } from '../src/classify/split.js';
import { loadCatalog } from '../src/data/index.js';
import { AUDIO_FEATURES } from '../src/data/schema.js';
import { songKey } from '../src/data/text.js';
import { REFERENCE, runCli, SAMPLE } from './helpers.js';

const HEADER =
  ',track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre';
// Invented tracks. 1 and 2: one song (a live version, other audio); 3 and 4: one recording under two
// titles (identical audio); 5 shares 2's audio, so 1, 2 and 5 are one song transitively; 6 and 7 stand alone
// (7 has 1's title but another main artist).
const ROWS = [
  'id1,Ana Loop,A,Blue Road,50,200000,False,0.5,0.6,1,-5.5,1,0.05,0.1,0.0,0.1,0.7,120.0,4,pop',
  'id2,Ana Loop;Guest,B,Blue Road - Live at Home,40,210000,False,0.4,0.7,1,-6.0,1,0.06,0.2,0.0,0.8,0.6,118.0,4,rock',
  'id3,Cole Dune,C,Night Ferry,30,180000,True,0.7,0.8,5,-4.0,0,0.2,0.01,0.0,0.3,0.4,95.5,4,jazz',
  'id4,Cole Dune,D,Night Ferry (Radio Edit),31,150000,True,0.7,0.8,5,-4.0,0,0.2,0.01,0.0,0.3,0.4,95.5,4,jazz',
  'id5,Dee Vale,E,Other Song,20,190000,False,0.4,0.7,1,-6.0,1,0.06,0.2,0.0,0.8,0.6,118.0,4,rock',
  'id6,Eve Storm,F,Lonely,10,170000,False,0.1,0.2,3,-12.0,1,0.03,0.9,0.5,0.1,0.1,70.0,3,sleep',
  'id7,Zed Other,G,Blue Road,60,220000,False,0.9,0.9,2,-3.0,1,0.1,0.0,0.0,0.2,0.9,128.0,4,edm',
];

describe('song groups', () => {
  it('joins versions of a song and re-releases of a recording, transitively, and nothing else', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spotify-intel-songs-'));
    const path = join(dir, 'songs.csv');
    writeFileSync(path, `${[HEADER, ...ROWS.map((r, i) => `${i},${r}`)].join('\n')}\n`);
    const { catalog } = await loadCatalog(path);
    const group = songGroups(catalog);
    const of = (id: string) => group[catalog.trackId.indexOf(id)];
    assert.equal(of('id1'), of('id2'));
    assert.equal(of('id2'), of('id5'));
    assert.equal(of('id3'), of('id4'));
    const distinct = new Set(['id1', 'id3', 'id6', 'id7'].map(of));
    assert.equal(distinct.size, 4);
    assert.deepEqual([...new Set(group)].sort(), [0, 1, 2, 3]);
  });
});

describe('grouped stratified split', () => {
  // 300 rows in 120 groups of 1-4 rows; a group's rows share a label except every 10th group.
  const groups: number[] = [];
  const labels: number[] = [];
  for (let g = 0; groups.length < 300; g++) {
    const size = 1 + (g % 4);
    for (let j = 0; j < size && groups.length < 300; j++) {
      groups.push(g);
      labels.push(g % 10 === 9 && j === 1 ? (g + 1) % 3 : g % 3);
    }
  }
  const groupIds = Int32Array.from(groups);
  const labelIds = Int32Array.from(labels);
  const groupCount = Math.max(...groups) + 1;

  it('keeps every group on one side, assigns every row once, and holds out the asked share of groups per class', () => {
    const split = groupedStratifiedSplit(labelIds, groupIds, 0.25, 7);
    const trainGroups = new Set(Array.from(split.train, (i) => groups[i]));
    for (const i of split.test) assert.ok(!trainGroups.has(groups[i] as number), `group ${groups[i]} on both sides`);
    assert.deepEqual(
      [...split.train, ...split.test].sort((a, b) => a - b),
      Array.from({ length: 300 }, (_, i) => i),
    );
    const testGroups = new Set(Array.from(split.test, (i) => groups[i]));
    assert.equal(testGroups.size, Math.ceil(0.25 * groupCount));
    // Groups per (first-row) label on the test side: within one of a quarter of that label's groups.
    for (let c = 0; c < 3; c++) {
      const all = [...new Set(groups)].filter((g) => g % 3 === c);
      const held = all.filter((g) => testGroups.has(g)).length;
      assert.ok(Math.abs(held - all.length / 4) <= 1, `class ${c}: ${held} of ${all.length}`);
    }
    assert.deepEqual(groupedStratifiedSplit(labelIds, groupIds, 0.25, 7), split);
    assert.notDeepEqual(groupedStratifiedSplit(labelIds, groupIds, 0.25, 8).test, split.test);
  });

  it('k folds keep each group in one fold', () => {
    const fold = groupedStratifiedFolds(labelIds, groupIds, 5, 3);
    const foldOfGroup = new Map<number, number>();
    groups.forEach((g, i) => {
      const f = fold[i] as number;
      assert.equal(foldOfGroup.get(g) ?? f, f, `group ${g} split across folds`);
      foldOfGroup.set(g, f);
    });
    assert.deepEqual([...new Set(fold)].sort(), [0, 1, 2, 3, 4]);
  });

  it('with one row per group (any ids) it is the stratified split by row', () => {
    const ids = Int32Array.from(labelIds, (_, i) => 1000 + 7 * i);
    assert.deepEqual(groupedStratifiedSplit(labelIds, ids, 0.2, 5), stratifiedSplit(labelIds, 0.2, 5));
    assert.deepEqual(groupedStratifiedFolds(labelIds, ids, 4, 5), stratifiedFolds(labelIds, 4, 5));
  });

  it('refuses groups that do not match the labels', () => {
    assert.throws(() => groupedStratifiedSplit(labelIds, groupIds.subarray(1), 0.2, 1), /differ in length/);
  });
});

describe('classify evaluate --split', () => {
  it('by track, the sample puts versions of test songs in training, and the forest is far better on them', async () => {
    const { code, stdout, stderr } = runCli(['classify', 'evaluate', '--data', SAMPLE, '--trees', '20', '--threads', '2', '--json']);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.equal(out.split, 'track');
    // Independent lower bound: test tracks with a direct twin (same song key or identical audio) in
    // training, counted over the same split (seed 42) without union-find.
    const { catalog } = await loadCatalog(SAMPLE);
    const split = stratifiedSplit(genreLabels(catalog).labels, 0.2, 42);
    const audio = (t: number) => AUDIO_FEATURES.map((f) => catalog.numeric[f][t]).join(',');
    const trainKeys = new Set<string>();
    for (const t of split.train)
      trainKeys.add(`a${audio(t)}`).add(`s${songKey(catalog.trackName[t] as string, catalog.mainArtist[t] as string)}`);
    const direct = Array.from(split.test).filter(
      (t) => trainKeys.has(`a${audio(t)}`) || trainKeys.has(`s${songKey(catalog.trackName[t] as string, catalog.mainArtist[t] as string)}`),
    ).length;
    assert.ok(out.songOverlap.testTracks >= direct && direct > 300, `${out.songOverlap.testTracks} vs ${direct}`);
    assert.ok(out.songOverlap.accuracy > 2 * out.songOverlap.otherAccuracy, JSON.stringify(out.songOverlap));
    const weighted =
      (out.songOverlap.testTracks * out.songOverlap.accuracy +
        (out.testRows - out.songOverlap.testTracks) * out.songOverlap.otherAccuracy) /
      out.testRows;
    assert.ok(Math.abs(weighted - out.accuracy) < 1e-12);
  });

  it('by song, no test track shares a song with training', () => {
    const { code, stdout, stderr } = runCli([
      'classify',
      'evaluate',
      '--data',
      SAMPLE,
      '--trees',
      '20',
      '--threads',
      '2',
      '--split',
      'song',
      '--json',
    ]);
    assert.equal(code, 0, stderr);
    const out = JSON.parse(stdout);
    assert.equal(out.split, 'song');
    assert.equal(out.trainRows + out.testRows, REFERENCE.clean_tracks);
    assert.equal(out.songOverlap.testTracks, 0);
    assert.ok(Math.abs(out.testRows / REFERENCE.clean_tracks - 0.2) < 0.01, String(out.testRows));
    const folds = runCli(['classify', 'evaluate', '--data', SAMPLE, '--trees', '5', '--split', 'song', '--folds', '3', '--json']);
    assert.equal(folds.code, 0, folds.stderr);
    const pooled = JSON.parse(folds.stdout);
    assert.equal(
      pooled.folds.reduce((n: number, f: { testRows: number }) => n + f.testRows, 0),
      REFERENCE.clean_tracks,
    );
    assert.equal(pooled.songOverlap.testTracks, 0);
    const text = runCli(['classify', 'evaluate', '--data', SAMPLE, '--trees', '5', '--split', 'song', '--folds', '3']);
    assert.match(text.stdout, /3-fold cross-validation, tracks\s+22,332/);
    const bad = runCli(['classify', 'evaluate', '--data', SAMPLE, '--split', 'album']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--split must be one of track, song/);
  });
});
