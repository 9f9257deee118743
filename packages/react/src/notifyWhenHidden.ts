import type { HiddenNotifier } from './hiddenNotifier.ts';
import { notificationFor } from './notificationFor.ts';

const api = (): typeof Notification | undefined => (typeof Notification === 'undefined' ? undefined : Notification);

// The Permissions API's live answer, once read: it follows a change the person makes in the site's
// settings, and unlike `Notification.permission` it is right in headless shells (which say
// "denied" even where notifications are allowed). `Notification.permission` until then, or where
// there is no such API.
let status: PermissionStatus | undefined;
let watching = false;
function permission(): NotificationPermission | undefined {
  if (!watching && typeof navigator !== 'undefined' && navigator.permissions) {
    watching = true;
    navigator.permissions.query({ name: 'notifications' }).then(
      (answer) => void (status = answer),
      () => {},
    );
  }
  if (!status) return api()?.permission;
  return status.state === 'prompt' ? 'default' : status.state;
}

/**
 * A system notification (the Notification API) when a job ends while every tab of the app is
 * hidden: `<TalkTrackProvider notifyWhenHidden={notifyWhenHidden}>`. Permission is asked when the
 * person clicks Generate; without it (denied, dismissed, or no API) the toast waits for their
 * return. Clicking the notification focuses the tab and opens the result, like the
 * completion toast's action (`TalkTrackNotifications`' `onOpenResult`).
 */
export const notifyWhenHidden: HiddenNotifier = {
  requestPermission() {
    const Api = api();
    // Before the Permissions API has answered, ask unless already granted: a browser answers an
    // earlier "denied" at once, without a prompt.
    if (!Api || (status ? permission() !== 'default' : permission() === 'granted')) return;
    // Old Safari answers through a callback and returns nothing; a refusal is an answer, not an error.
    void Promise.resolve(Api.requestPermission()).catch(() => {});
  },
  canNotify: () => !!api() && permission() === 'granted',
  show(notice, messages, open) {
    const Api = api();
    if (!Api || permission() !== 'granted') return false;
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
