import type { DeckInput } from '@talk-track/react';

/** The funnel's one deck: every sample structure below is a version of it, so one talk track job runs at a time. */
export const FUNNEL_DECK_ID = 'webinar-funnel-deck';

export interface SampleDeck {
  key: string;
  label: string;
  deck: DeckInput;
}

const MASTERCLASS_SECTIONS = [
  ['Welcome', ['Who this masterclass is for', 'What you will leave with', 'How the next hour runs']],
  ['The problem', ['Why most funnels leak', 'The cost of a cold audience', 'Three symptoms to look for']],
  ['The framework', ['Attract', 'Engage', 'Convert', 'Retain']],
  ['Case study', ['Starting point', 'What we changed', 'Results after 90 days']],
  ['Building the offer', ['Core promise', 'Bonuses that matter', 'Pricing anchors']],
  ['Objections', ['Time', 'Money', 'Trust', 'Fit']],
  ['Implementation', ['Week one', 'Week two', 'Week three', 'Week four']],
  ['Close', ['Recap', 'The offer', 'Next step']],
] as const;

function masterclassSlides(count: number): DeckInput['slides'] {
  const slides: DeckInput['slides'] = [];
  for (let i = 0; i < count; i++) {
    const [section, bullets] = MASTERCLASS_SECTIONS[i % MASTERCLASS_SECTIONS.length]!;
    const part = Math.floor(i / MASTERCLASS_SECTIONS.length) + 1;
    slides.push({ title: `${section} — part ${part}`, bullets: [...bullets] });
  }
  return slides;
}

export const SAMPLE_DECKS: SampleDeck[] = [
  {
    key: 'short-webinar',
    label: 'Short webinar (8 slides)',
    deck: {
      id: FUNNEL_DECK_ID,
      title: 'From Cold Lead to Customer',
      audience: 'Small business owners',
      slides: [
        { title: 'Welcome and agenda', bullets: ['Who I am', 'What we cover today'] },
        { title: 'Why funnels fail', bullets: ['No clear offer', 'Too many steps'] },
        { title: 'The three-step funnel', bullets: ['Opt-in', 'Nurture', 'Offer'] },
        { title: 'Writing the opt-in page', bullets: ['One promise', 'One button'] },
        { title: 'The nurture sequence', bullets: ['Five emails', 'Stories over features'] },
        { title: 'Making the offer', bullets: ['Price anchoring', 'Guarantee'] },
        { title: 'Live example', bullets: ['Before', 'After'] },
        { title: 'Questions and next steps', bullets: ['Book a call', 'Get the template'] },
      ],
    },
  },
  {
    key: 'sales-deck',
    label: 'Sales presentation (20 slides)',
    deck: {
      id: FUNNEL_DECK_ID,
      title: 'Funnel Accelerator Program',
      audience: 'Coaches and consultants',
      slides: masterclassSlides(20),
    },
  },
  {
    key: 'masterclass',
    label: 'Full masterclass (55 slides)',
    deck: {
      id: FUNNEL_DECK_ID,
      title: 'The Webinar Funnel Masterclass',
      audience: 'Course creators',
      slides: masterclassSlides(55),
    },
  },
];
