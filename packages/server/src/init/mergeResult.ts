/** What init does with one of the host's files, decided without touching the disk. */
export type MergeResult =
  { kind: 'create' | 'update'; content: string } | { kind: 'keep' } | { kind: 'attention'; message: string };
