import type { ReactNode } from 'react';
import Link from 'next/link';
import { Toaster } from 'sonner';
import '@talk-track/react/styles.css';
import { TalkTrackNotifications, TalkTrackProvider, TalkTrackSidebarCheck } from '@talk-track/react';
import { HOST_DECK } from './hostDeck';

// A Server Component: the kit's components come straight from the package, with no client file of
// the host's around them, so this build fails unless the package's entry says 'use client'.
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <TalkTrackProvider>
          <nav aria-label="Sidebar">
            <Link href="/">Deck</Link>
            <Link href="/settings">Settings</Link>
            <TalkTrackSidebarCheck deckId={HOST_DECK.id} />
          </nav>
          <main>{children}</main>
          <TalkTrackNotifications />
          <Toaster />
        </TalkTrackProvider>
      </body>
    </html>
  );
}
