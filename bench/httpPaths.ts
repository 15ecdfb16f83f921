/** The request mix of the http bench: phrases, targets with filters, seed tracks, genres. */
export const PATHS = [
  '/api/recommend?like=high%20energy%2C%20fast%20tempo%2C%20happy%20mood',
  '/api/recommend?target_energy=0.9&min_tempo=120&seed_genres=pop&limit=10',
  '/api/recommend?seed_tracks=5SuOikwiRyPMVoIQDJUgSV&limit=10',
  '/api/recommend?target_danceability=0.8&target_valence=0.9&explicit=false&min_popularity=30',
  '/api/recommend?like=calm%2C%20acoustic%2C%20sad&seed_genres=acoustic,folk&limit=20',
  '/api/recommend?target_danceability=0.8&target_energy=0.9&target_loudness=-5&target_speechiness=0.1&target_acousticness=0.1&target_instrumentalness=0&target_liveness=0.2&target_valence=0.9&target_tempo=130&limit=5',
];
