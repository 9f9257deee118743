/** The funnel builder's six steps; Step 6 is where talk tracks are generated. */
export const FUNNEL_STEPS = [
  { number: 1, title: 'Audience', blurb: 'Describe who the webinar is for and what they struggle with.' },
  { number: 2, title: 'Offer', blurb: 'Shape the offer: the promise, the bonuses and the price.' },
  { number: 3, title: 'Registration page', blurb: 'Write the headline and the sign-up form.' },
  { number: 4, title: 'Email sequence', blurb: 'Plan the reminder and follow-up emails.' },
  { number: 5, title: 'Slide deck', blurb: 'Outline the slides of the presentation.' },
  { number: 6, title: 'Talk Track', blurb: 'Generate the speaker script for every slide.' },
] as const;

export const TALK_TRACK_STEP = 6;

export function stepPath(step: number): string {
  return `/steps/${step}`;
}

/** The step a `/steps/[step]` segment names, if any. */
export function findStep(segment: string) {
  return FUNNEL_STEPS.find((candidate) => String(candidate.number) === segment);
}
