'use client';

import { createContext, useContext } from 'react';

/**
 * Whose colours the components wear. `'light'`: the light palette, unless an ancestor has
 * `data-theme="dark"`. `'dark'`: always dark. `'system'`: follows the reader's
 * `prefers-color-scheme`, for hosts whose own pages do too.
 */
export type TalkTrackTheme = 'light' | 'dark' | 'system';

export const TalkTrackThemeContext = createContext<TalkTrackTheme>('light');

/**
 * The class that carries the provider's theme onto a component's root (and a toast's): none for
 * `'light'`, so a host's `data-theme` ancestor decides.
 */
export function useThemeClass(): string | undefined {
  const theme = useContext(TalkTrackThemeContext);
  return theme === 'light' ? undefined : `tt-theme-${theme}`;
}
