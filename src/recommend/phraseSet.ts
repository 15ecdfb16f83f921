/**
 * Listener phrases with expectations written from music knowledge, BEFORE the vocabulary that answers
 * them (this file has its own commit; it is never edited to make a phrase pass). `recommend evaluate`
 * runs each phrase as `--like PHRASE` (default options, top 10) and reports the share of checks met.
 *
 * How a check is read:
 * - a feature check applies to the MEDIAN of the top 10 (a listener judges the list, not one track);
 *   `atMost` / `atLeast` are in the feature's own units; `belowPercentile` / `abovePercentile` compare
 *   with that percentile of the catalogue (so "high" means high for this catalogue);
 * - a genre check counts the results carrying at least one of `anyOf` (any of a track's genres).
 */
import type { AudioFeature } from '../data/schema.js';

export type PhraseCheck =
  | { feature: AudioFeature; atMost?: number; atLeast?: number }
  | { feature: AudioFeature; belowPercentile?: number; abovePercentile?: number }
  | { genres: { anyOf: string[]; atLeast: number } };

export interface PhraseExpectation {
  phrase: string;
  checks: PhraseCheck[];
  /** Where the rule comes from (keys of SOURCES). */
  sources: (keyof typeof SOURCES)[];
}

export const SOURCES = {
  spotifyDocs:
    'Spotify Web API reference, "Get Track\'s Audio Features": valence high = happy, cheerful, euphoric, low = sad, depressed, angry; ' +
    'energy: energetic tracks feel fast, loud and noisy (death metal high, a Bach prelude low); speechiness above 0.66 = spoken ' +
    'word, 0.33-0.66 = music and speech such as rap; instrumentalness above 0.5 = instrumental; liveness above 0.8 = strong likelihood of a live recording',
  russell:
    'Russell (1980), "A circumplex model of affect", J. Pers. Soc. Psychol. 39(6): moods on valence x arousal; happy/excited = ' +
    'pleasant + aroused, sad/depressed = unpleasant + low arousal, angry/tense = unpleasant + aroused, calm/relaxed = low arousal ' +
    '(arousal in audio: energy, loudness, tempo)',
  tempoMarkings:
    'Classical tempo markings (metronome ranges as in common music-theory references): Largo/Adagio about 40-76 BPM, Andante ' +
    '76-108, Allegro about 120-156, Presto 168-200; so "slow" is about 90 BPM or less and "fast" about 140 or more',
  exercise:
    'Karageorghis & Priest (2012), "Music in the exercise domain: a review and synthesis", Int. Rev. Sport Exerc. Psychol. 5: ' +
    'preferred exercise music is fast (about 120-140 BPM), energetic and positive; running playlists follow step cadence (about 150-180)',
  sleep:
    'Dickson & Schubert (2020), "Music on prescription to aid sleep quality", Sleep Med. / music-for-sleep literature: slow, soft, ' +
    'low-energy, mostly instrumental, little percussion',
  study:
    'Perham & Currie (2014), "Does listening to preferred music improve reading comprehension performance?", Appl. Cogn. Psychol. ' +
    '28: lyrics impair reading; music for studying is instrumental and calm',
  genreConventions:
    'Genre conventions as any music reference describes them (e.g. AllMusic genre pages): metal loud and distorted, techno ' +
    '120-150 BPM, drum and bass 160-180 BPM, house about 120-130 BPM and made to dance to, folk and singer-songwriter mostly ' +
    "acoustic, jazz/soul/funk/reggae as their own families; the catalogue's genre labels name these families",
} as const;

const P = (feature: AudioFeature, bound: 'below' | 'above', percentile: number): PhraseCheck =>
  bound === 'below' ? { feature, belowPercentile: percentile } : { feature, abovePercentile: percentile };
const genres = (anyOf: string[], atLeast: number): PhraseCheck => ({ genres: { anyOf, atLeast } });

const METAL = ['metal', 'heavy-metal', 'death-metal', 'black-metal', 'metalcore', 'grindcore', 'hardcore', 'industrial'];
const CALM_GENRES = ['ambient', 'new-age', 'sleep', 'classical', 'piano', 'study', 'chill'];

export const PHRASE_SET: PhraseExpectation[] = [
  {
    phrase: 'sad slow piano',
    checks: [
      P('valence', 'below', 0.25),
      { feature: 'tempo', atMost: 90 },
      P('acousticness', 'above', 0.75),
      genres(['piano', 'classical', 'sad', 'sleep', 'new-age', 'ambient', 'study'], 3),
    ],
    sources: ['russell', 'tempoMarkings', 'genreConventions'],
  },
  {
    phrase: 'workout',
    checks: [P('energy', 'above', 0.75), { feature: 'tempo', atLeast: 118 }, P('valence', 'above', 0.4)],
    sources: ['exercise'],
  },
  {
    phrase: 'upbeat workout songs',
    checks: [P('energy', 'above', 0.75), { feature: 'tempo', atLeast: 118 }, P('valence', 'above', 0.5)],
    sources: ['exercise', 'russell'],
  },
  {
    phrase: 'running',
    checks: [P('energy', 'above', 0.75), { feature: 'tempo', atLeast: 135 }],
    sources: ['exercise'],
  },
  {
    phrase: 'music for studying',
    checks: [
      { feature: 'instrumentalness', atLeast: 0.5 },
      { feature: 'speechiness', atMost: 0.1 },
      P('energy', 'below', 0.5),
      genres(CALM_GENRES, 3),
    ],
    sources: ['study', 'spotifyDocs'],
  },
  {
    phrase: 'study',
    checks: [{ feature: 'instrumentalness', atLeast: 0.5 }, P('energy', 'below', 0.5)],
    sources: ['study', 'spotifyDocs'],
  },
  {
    phrase: 'focus',
    checks: [
      { feature: 'instrumentalness', atLeast: 0.5 },
      { feature: 'speechiness', atMost: 0.1 },
    ],
    sources: ['study', 'spotifyDocs'],
  },
  {
    phrase: 'chill acoustic',
    checks: [
      P('energy', 'below', 0.5),
      P('acousticness', 'above', 0.75),
      genres(['acoustic', 'chill', 'folk', 'singer-songwriter', 'guitar', 'indie'], 3),
    ],
    sources: ['russell', 'spotifyDocs', 'genreConventions'],
  },
  {
    phrase: 'angry metal',
    checks: [P('energy', 'above', 0.75), P('loudness', 'above', 0.75), P('valence', 'below', 0.5), genres(METAL, 5)],
    sources: ['russell', 'spotifyDocs', 'genreConventions'],
  },
  {
    phrase: 'romantic',
    checks: [P('energy', 'below', 0.6), genres(['romance', 'soul', 'r-n-b', 'jazz', 'acoustic', 'singer-songwriter'], 3)],
    sources: ['russell', 'genreConventions'],
  },
  {
    phrase: 'party',
    checks: [
      P('danceability', 'above', 0.75),
      P('energy', 'above', 0.6),
      P('valence', 'above', 0.5),
      genres(['party', 'dance', 'edm', 'pop', 'club', 'house', 'reggaeton', 'hip-hop', 'disco'], 3),
    ],
    sources: ['russell', 'genreConventions'],
  },
  {
    phrase: 'sleep',
    checks: [P('energy', 'below', 0.1), P('loudness', 'below', 0.25), { feature: 'tempo', atMost: 100 }, genres(CALM_GENRES, 3)],
    sources: ['sleep'],
  },
  {
    phrase: 'happy',
    checks: [P('valence', 'above', 0.75), P('energy', 'above', 0.5)],
    sources: ['russell', 'spotifyDocs'],
  },
  { phrase: 'sad', checks: [P('valence', 'below', 0.25), P('energy', 'below', 0.5)], sources: ['russell', 'spotifyDocs'] },
  { phrase: 'melancholic', checks: [P('valence', 'below', 0.25), P('energy', 'below', 0.5)], sources: ['russell'] },
  { phrase: 'heartbreak', checks: [P('valence', 'below', 0.25), P('energy', 'below', 0.5)], sources: ['russell'] },
  { phrase: 'dark', checks: [P('valence', 'below', 0.25)], sources: ['russell', 'spotifyDocs'] },
  {
    phrase: 'aggressive',
    checks: [P('energy', 'above', 0.9), P('valence', 'below', 0.5)],
    sources: ['russell', 'spotifyDocs'],
  },
  { phrase: 'calm', checks: [P('energy', 'below', 0.25), P('loudness', 'below', 0.5)], sources: ['russell'] },
  { phrase: 'peaceful', checks: [P('energy', 'below', 0.25), P('loudness', 'below', 0.25)], sources: ['russell', 'sleep'] },
  {
    phrase: 'meditation',
    checks: [P('energy', 'below', 0.1), { feature: 'instrumentalness', atLeast: 0.5 }, genres(CALM_GENRES, 3)],
    sources: ['sleep', 'study'],
  },
  { phrase: 'energetic', checks: [P('energy', 'above', 0.75)], sources: ['spotifyDocs'] },
  { phrase: 'fast', checks: [{ feature: 'tempo', atLeast: 140 }], sources: ['tempoMarkings'] },
  { phrase: 'slow', checks: [{ feature: 'tempo', atMost: 90 }], sources: ['tempoMarkings'] },
  { phrase: 'very fast', checks: [{ feature: 'tempo', atLeast: 160 }], sources: ['tempoMarkings'] },
  { phrase: 'very slow', checks: [{ feature: 'tempo', atMost: 76 }], sources: ['tempoMarkings'] },
  {
    phrase: 'high energy, fast tempo, happy mood',
    checks: [P('energy', 'above', 0.75), { feature: 'tempo', atLeast: 140 }, P('valence', 'above', 0.75)],
    sources: ['russell', 'tempoMarkings'],
  },
  {
    phrase: 'acoustic',
    checks: [
      P('acousticness', 'above', 0.75),
      genres(['acoustic', 'folk', 'singer-songwriter', 'guitar', 'bluegrass', 'classical', 'piano'], 3),
    ],
    sources: ['spotifyDocs', 'genreConventions'],
  },
  {
    phrase: 'electronic',
    checks: [
      P('acousticness', 'below', 0.25),
      genres(
        [
          'electronic',
          'edm',
          'electro',
          'techno',
          'house',
          'trance',
          'idm',
          'dubstep',
          'minimal-techno',
          'deep-house',
          'progressive-house',
          'detroit-techno',
          'chicago-house',
          'drum-and-bass',
          'breakbeat',
          'synth-pop',
        ],
        3,
      ),
    ],
    sources: ['spotifyDocs', 'genreConventions'],
  },
  { phrase: 'instrumental', checks: [{ feature: 'instrumentalness', atLeast: 0.5 }], sources: ['spotifyDocs'] },
  { phrase: 'live', checks: [{ feature: 'liveness', atLeast: 0.8 }], sources: ['spotifyDocs'] },
  {
    phrase: 'rap',
    checks: [{ feature: 'speechiness', atLeast: 0.33 }, genres(['hip-hop'], 3)],
    sources: ['spotifyDocs', 'genreConventions'],
  },
  { phrase: 'spoken word', checks: [{ feature: 'speechiness', atLeast: 0.66 }], sources: ['spotifyDocs'] },
  { phrase: 'loud', checks: [P('loudness', 'above', 0.75)], sources: ['spotifyDocs'] },
  { phrase: 'quiet', checks: [P('loudness', 'below', 0.25)], sources: ['spotifyDocs'] },
  {
    phrase: 'relaxing jazz',
    checks: [P('energy', 'below', 0.5), genres(['jazz'], 5)],
    sources: ['russell', 'genreConventions'],
  },
  {
    phrase: 'groovy funk',
    checks: [P('danceability', 'above', 0.6), genres(['funk', 'disco', 'soul', 'groove'], 5)],
    sources: ['genreConventions'],
  },
  {
    phrase: 'classical',
    checks: [P('acousticness', 'above', 0.75), genres(['classical', 'opera', 'piano'], 5)],
    sources: ['genreConventions'],
  },
  { phrase: 'country', checks: [genres(['country', 'honky-tonk', 'bluegrass'], 5)], sources: ['genreConventions'] },
  { phrase: 'reggae', checks: [genres(['reggae', 'dub', 'dancehall', 'ska'], 5)], sources: ['genreConventions'] },
  { phrase: 'k-pop', checks: [genres(['k-pop'], 5)], sources: ['genreConventions'] },
  {
    phrase: 'techno',
    checks: [
      { feature: 'tempo', atLeast: 118 },
      { feature: 'tempo', atMost: 150 },
      genres(['techno', 'minimal-techno', 'detroit-techno'], 5),
    ],
    sources: ['genreConventions'],
  },
  { phrase: 'drum and bass', checks: [genres(['drum-and-bass'], 5)], sources: ['genreConventions'] },
  {
    phrase: 'dance',
    checks: [P('danceability', 'above', 0.75), genres(['dance', 'edm', 'house', 'club', 'pop', 'disco', 'party'], 3)],
    sources: ['genreConventions'],
  },
  { phrase: 'road trip', checks: [P('energy', 'above', 0.5), P('valence', 'above', 0.5)], sources: ['russell'] },
  {
    phrase: 'rainy day',
    checks: [P('energy', 'below', 0.5), P('valence', 'below', 0.5), P('acousticness', 'above', 0.5)],
    sources: ['russell'],
  },
  { phrase: 'summer', checks: [P('valence', 'above', 0.75), P('danceability', 'above', 0.5)], sources: ['russell'] },
  { phrase: 'motivation', checks: [P('energy', 'above', 0.75), P('valence', 'above', 0.5)], sources: ['exercise', 'russell'] },
  {
    phrase: 'cheerful acoustic',
    checks: [P('valence', 'above', 0.75), P('acousticness', 'above', 0.75)],
    sources: ['russell', 'spotifyDocs'],
  },
  {
    phrase: 'lullaby',
    checks: [P('energy', 'below', 0.25), P('acousticness', 'above', 0.75), { feature: 'tempo', atMost: 100 }],
    sources: ['sleep', 'tempoMarkings'],
  },
];
