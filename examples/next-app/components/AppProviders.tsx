'use client';

import type { ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { Toaster } from 'sonner';
import { TalkTrackNotifications, TalkTrackProvider } from '@talk-track/react';
import { TALK_TRACK_STEP, stepPath } from '@/lib/funnelSteps';

/** The watcher lives here, in the root layout, so jobs keep updating on every page. */
export function AppProviders({ children }: { children: ReactNode }) {
  const router = useRouter();
  return (
    <TalkTrackProvider>
      {children}
      <TalkTrackNotifications onOpenResult={() => router.push(`${stepPath(TALK_TRACK_STEP)}#talk-track-result`)} />
      <Toaster position="bottom-right" richColors closeButton />
    </TalkTrackProvider>
  );
}
