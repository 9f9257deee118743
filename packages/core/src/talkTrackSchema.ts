import { z } from 'zod';

/** What the speaker says for one slide. `index` is the slide's 0-based position in the deck. */
export const talkTrackSlideSchema = z.strictObject({
  index: z.number().int().min(0),
  title: z.string(),
  script: z.string().min(1),
  keyPoints: z.array(z.string()),
  transition: z.string(),
  durationSeconds: z.number().int().min(1).max(3600),
});

export const talkTrackSchema = z.strictObject({
  opening: z.string().min(1),
  slides: z.array(talkTrackSlideSchema),
  closing: z.string().min(1),
  totalDurationSeconds: z.number().int().min(0),
});

export type TalkTrackSlide = z.infer<typeof talkTrackSlideSchema>;
export type TalkTrack = z.infer<typeof talkTrackSchema>;
