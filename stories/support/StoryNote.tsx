import type { ReactNode } from 'react';

/** A caption under a story for designers ("renders nothing here"), styled apart from the components. */
export function StoryNote({ children }: { children?: ReactNode }) {
  if (!children) return null;
  return (
    <p style={{ margin: '1rem 0 0', fontSize: '0.8125rem', color: 'var(--tt-muted)', fontStyle: 'italic' }}>
      {children}
    </p>
  );
}
