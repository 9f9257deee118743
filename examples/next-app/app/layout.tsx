import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import '@talk-track/react/styles.css';
import './globals.css';
import { AppProviders } from '@/components/AppProviders';
import { Sidebar } from '@/components/Sidebar';

export const metadata: Metadata = {
  title: 'Funnel Builder — Talk Track Kit example',
  description: 'A webinar funnel builder that generates talk tracks in the background.',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <AppProviders>
          <div className="shell">
            <Sidebar />
            <main className="content">{children}</main>
          </div>
        </AppProviders>
      </body>
    </html>
  );
}
