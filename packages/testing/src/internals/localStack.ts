// `@talk-track/testing/internals/local-stack`: the internals the local stack (tooling/: the
// OpenAI-compatible server, `npm run dev`) loads at startup, before `npm run dev` has built the
// packages. Each module here imports nothing from `@talk-track/*` at run time (types only), so it
// loads from source without a built `dist/`; the rest of the internals do not.
export { DEFAULT_WORKER_CONFIG } from '../../../server/src/worker/workerConfig.ts';
export { extractChunkRequest, type ChunkRequest } from '../../../server/src/worker/chunkRequest.ts';
