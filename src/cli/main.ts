#!/usr/bin/env node
import cluster from 'node:cluster';
import { main } from './program.js';

const code = await main(process.argv);
// A `serve --workers` worker stays alive on its channel to the primary: end it explicitly.
if (cluster.isWorker) process.exit(code);
process.exitCode = code;
