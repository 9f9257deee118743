import type { HiddenNotifier } from './hiddenNotifier.ts';
import { notificationFor } from './notificationFor.ts';

const api = (): typeof Notification | undefined => (typeof Notification === 'undefined' ? undefined : Notification);

/**
 * A system notification (the Notification API) when a job ends while every tab of the app is
 * hidden: `<TalkTrackProvider notifyWhenHidden={notifyWhenHidden}>`. Permission is asked when the
 * person clicks Generate; without it (denied, dismissed, or no API) the toast waits for their
 * return as before. Clicking the notification focuses the tab and opens the result, like the
 * completion toast's action (`TalkTrackNotifications`' `onOpenResult`).
 */
export const notifyWhenHidden: HiddenNotifier = {
  requestPermission() {
    const Api = api();
    if (Api?.permission !== 'default') return;
    // Old Safari answers through a callback and returns nothing; a refusal is an answer, not an error.
    void Promise.resolve(Api.requestPermission()).catch(() => {});
  },
  canNotify: () => api()?.permission === 'granted',
  show(notice, messages, open) {
    const Api = api();
    if (Api?.permission !== 'granted') return false;
    const { title, options } = notificationFor(notice, messages);
    let shown: Notification;
    try {
      shown = new Api(title, options);
    } catch {
      // Chrome on Android only shows notifications through a service worker: fall back to the toast.
      return false;
    }
    shown.onclick = () => {
      window.focus();
      open();
      shown.close();
    };
    return true;
  },
};
