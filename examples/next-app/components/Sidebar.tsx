'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { TalkTrackSidebarCheck } from '@talk-track/react';
import { FUNNEL_STEPS, TALK_TRACK_STEP, stepPath } from '@/lib/funnelSteps';
import { FUNNEL_DECK_ID } from '@/lib/sampleDecks';

export function Sidebar() {
  const pathname = usePathname();
  return (
    <nav className="sidebar" aria-label="Funnel steps">
      <p className="sidebar__brand">Funnel Builder</p>
      <ol className="sidebar__steps">
        {FUNNEL_STEPS.map((step) => {
          const href = stepPath(step.number);
          const current = pathname === href;
          return (
            <li key={step.number}>
              <Link href={href} className="sidebar__link" aria-current={current ? 'page' : undefined}>
                <span className="sidebar__number">Step {step.number}</span>
                <span className="sidebar__title">{step.title}</span>
                {step.number === TALK_TRACK_STEP ? <TalkTrackSidebarCheck deckId={FUNNEL_DECK_ID} /> : null}
              </Link>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
