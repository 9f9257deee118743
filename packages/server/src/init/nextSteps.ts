import type { AppDir } from './planInit.ts';

/** What the host does after init: install, configure, deploy, and put the UI in place. */
export function nextSteps(appDir: AppDir, missingPackages: readonly string[]): string {
  const steps = [
    ...(missingPackages.length > 0
      ? [`Install what the written files use:\n\n    npm install ${missingPackages.join(' ')}`]
      : []),
    `Set the route's environment (.env.local, and your host's settings), server-side only:

    DATABASE_URL=postgres://…        your Supabase database (the pooler's transaction mode works)
    SUPABASE_URL=https://<project>.supabase.co
    SUPABASE_SECRET_KEY=sb_secret_…  (or SUPABASE_SERVICE_ROLE_KEY)

  ${appDir}/api/generate/talk-track/[[...path]]/getUserId.ts reads the signed-in user with Supabase Auth
  (NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY); edit it if your auth differs.`,
    `Apply the migration, give the function its OpenAI key, deploy it:

    supabase db push
    supabase secrets set OPENAI_API_KEY=sk-…
    supabase functions deploy generate-talk-track`,
    `Put the provider and the toaster in your root layout, through a 'use client' component:

    import '@talk-track/react/styles.css';
    import { Toaster } from 'sonner';
    import { TalkTrackNotifications, TalkTrackProvider } from '@talk-track/react';

    <TalkTrackProvider>
      {children}
      <TalkTrackNotifications onOpenResult={(job) => router.push(\`/decks/\${job.deckId}\`)} />
      <Toaster />
    </TalkTrackProvider>`,
    `And the hook and components where the deck is:

    const job = useTalkTrackJob(deck.id);
    <button disabled={job.isActive || !job.isHydrated} onClick={() => job.start(deck)}>Generate Talk Track</button>
    <TalkTrackBanner deckId={deck.id} />
    <TalkTrackProgress deckId={deck.id} />
    <TalkTrackSidebarCheck deckId={deck.id} />`,
  ];
  return `Next steps:\n\n${steps.map((step, index) => `${index + 1}. ${step}`).join('\n\n')}\n`;
}
