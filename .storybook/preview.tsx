import type { Decorator, Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';
import { StoryThemeContext } from '../stories/support/storyTheme.ts';

/**
 * Theme and width come from story globals/parameters, so "dark", "system" and "narrow" are stories
 * of their own, not only toolbar states. `system` is the provider's `theme="system"`: the frame
 * follows the viewer's OS setting the same way (the class the components get), with no data-theme.
 */
const withFrame: Decorator = (Story, context) => {
  const theme = (context.globals.theme as 'light' | 'dark' | 'system' | undefined) ?? 'light';
  const width = context.parameters.frameWidth as number | undefined;
  return (
    <StoryThemeContext.Provider value={theme}>
      <div
        data-theme={theme === 'system' ? undefined : theme}
        className={theme === 'system' ? 'tt-theme-system' : undefined}
        style={{
          background: 'var(--tt-page)',
          color: 'var(--tt-fg)',
          padding: '1.5rem',
          minHeight: '100vh',
          maxWidth: width ? `${width}px` : undefined,
          fontFamily: 'system-ui, -apple-system, "Segoe UI", sans-serif',
          boxSizing: 'border-box',
        }}
      >
        <Story />
      </div>
    </StoryThemeContext.Provider>
  );
};

const preview: Preview = {
  decorators: [withFrame],
  globalTypes: {
    theme: {
      description: 'Colour theme of the components',
      toolbar: { title: 'Theme', icon: 'contrast', items: ['light', 'dark', 'system'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
