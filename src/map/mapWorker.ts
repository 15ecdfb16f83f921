/** Builds the map on a worker thread so a server's event loop keeps answering meanwhile. */
import { parentPort, workerData } from 'node:worker_threads';
import { buildTrackMap, type MapInput, type MapParams } from './build.js';
import { saveMap } from './cache.js';

const { input, params, path } = workerData as { input: MapInput; params: MapParams; path: string };
const map = buildTrackMap(input, params, (line) => parentPort?.postMessage({ progress: line }));
try {
  saveMap(path, map);
} catch (error) {
  parentPort?.postMessage({ progress: `map: could not cache at ${path}: ${error instanceof Error ? error.message : String(error)}` });
}
parentPort?.postMessage({ map }, [map.coords.buffer as ArrayBuffer]);
