import type { Decorator, Preview } from '@storybook/react-vite';
import '../packages/react/src/styles.css';

/** Theme and width come from story globals/parameters, so "dark" and "narrow" are stories of their own, not only toolbar states. */
const withFrame: Decorator = (Story, context) => {
  const theme = (context.globals.theme as string | undefined) ?? 'light';
  const width = context.parameters.frameWidth as number | undefined;
  return (
    <div
      data-theme={theme}
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
  );
};

const preview: Preview = {
  decorators: [withFrame],
  globalTypes: {
    theme: {
      description: 'Colour theme of the components',
      toolbar: { title: 'Theme', icon: 'contrast', items: ['light', 'dark'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'light' },
  parameters: {
    layout: 'fullscreen',
    controls: { expanded: true },
  },
};

export default preview;
