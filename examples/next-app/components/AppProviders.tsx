'use client';

import type { ReactNode } from 'react';
import { useRouter } from 'next/navigation';
import { Toaster } from 'sonner';
import { TalkTrackNotifications, TalkTrackProvider } from '@talk-track/react';
import { notifyWhenHidden } from '@talk-track/react/notify-when-hidden';
import { TALK_TRACK_STEP, stepPath } from '@/lib/funnelSteps';

/**
 * The watcher lives here, in the root layout, so jobs keep updating on every page. A job that ends
 * while the person is in another app shows a system notification (asked for on Generate).
 */
export function AppProviders({ children }: { children: ReactNode }) {
  const router = useRouter();
  return (
    <TalkTrackProvider notifyWhenHidden={notifyWhenHidden}>
      {children}
      <TalkTrackNotifications onOpenResult={() => router.push(`${stepPath(TALK_TRACK_STEP)}#talk-track-result`)} />
      <Toaster position="bottom-right" richColors closeButton />
    </TalkTrackProvider>
  );
}
