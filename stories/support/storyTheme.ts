import { createContext } from 'react';

/** The toolbar's theme, handed from the preview's frame to the stories' provider: `system` is the provider's `theme` prop, not an ancestor attribute. */
export const StoryThemeContext = createContext<'light' | 'dark' | 'system'>('light');

export const SYSTEM_THEME_NOTE =
  '<TalkTrackProvider theme="system">: light or dark as the viewer’s OS is set. Without it the kit stays light unless an ancestor has data-theme="dark".';
