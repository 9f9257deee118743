export * from './jobStatus.ts';
export * from './deckSchema.ts';
export * from './talkTrackSchema.ts';
export * from './chunkPlanner.ts';
export * from './api.ts';
export * from './client/index.ts';
