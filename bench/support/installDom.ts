import { Window } from 'happy-dom';

/**
 * A browser document for the React benchmarks, from happy-dom (the DOM the component tests use).
 * Import it before React: react-dom decides at load time whether it runs in a browser. Only names
 * Node lacks are installed, so Node's own fetch, timers, URL and streams stay in place: the
 * benchmarks talk to the real route handler with them.
 */
const window = new Window({ url: 'http://127.0.0.1:3000/' });
const scope = globalThis as Record<string, unknown>;
for (const name of Object.getOwnPropertyNames(window)) {
  if (name in scope || name.startsWith('_')) continue;
  try {
    scope[name] = (window as unknown as Record<string, unknown>)[name];
  } catch {
    // A getter that only works on the window itself; nothing React needs.
  }
}
scope.window = window;
scope.document = window.document;
// React's act() warnings are for tests that drive time by hand; here updates arrive on their own, as in a browser.
scope.IS_REACT_ACT_ENVIRONMENT = false;

export const domWindow = window;
