import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { JobNotice, TrackedJob } from '@talk-track/core/client';
import { germanMessages } from './locales/de.ts';
import { notifyWhenHidden } from './notifyWhenHidden.ts';
import { englishMessages } from './talkTrackMessages.ts';

/** The Permissions API's live status object: notifyWhenHidden reads it once and keeps it, as it would a browser's. */
const permissionStatus: { state: PermissionState } = { state: 'prompt' };

/**
 * Stands in for the browser's Notification and Permissions APIs here; the Chromium test
 * (tests/browser/notifyWhenHidden.test.ts) calls the real ones. `reported` is what
 * `Notification.permission` says, which headless shells get wrong.
 */
function stubNotificationApi(permission: NotificationPermission, { throws = false, reported = permission } = {}) {
  permissionStatus.state = permission === 'default' ? 'prompt' : permission;
  vi.stubGlobal('navigator', { permissions: { query: async () => permissionStatus } });
  const shown: {
    title: string;
    options: NotificationOptions;
    close: ReturnType<typeof vi.fn>;
    onclick: (() => void) | null;
  }[] = [];
  const requestPermission = vi.fn(async () => permission);
  class StubNotification {
    static permission = reported;
    static requestPermission = requestPermission;
    onclick: (() => void) | null = null;
    close = vi.fn();
    constructor(title: string, options: NotificationOptions) {
      if (throws) throw new TypeError('Illegal constructor. Use ServiceWorkerRegistration.showNotification() instead.');
      shown.push(Object.assign(this, { title, options }));
    }
  }
  vi.stubGlobal('Notification', StubNotification);
  return { shown, requestPermission };
}

const job = { jobId: 'job-1', deckId: 'deck-1', slideCount: 55, error: null } as unknown as TrackedJob;
const completed: JobNotice = { kind: 'completed', job, key: 'job-1@t', hidden: true };
const failed: JobNotice = {
  kind: 'failed',
  job: { ...job, error: { code: 'llm_unavailable', message: 'The model is unavailable.' } },
  key: 'job-1@t',
  hidden: true,
};

// notifyWhenHidden reads the Permissions API once, on first use, and keeps its live status object.
beforeAll(async () => {
  stubNotificationApi('granted');
  await vi.waitFor(() => expect(notifyWhenHidden.canNotify()).toBe(true));
});
afterEach(() => vi.unstubAllGlobals());

describe('notifyWhenHidden', () => {
  it('trusts the Permissions API’s live answer over Notification.permission', () => {
    stubNotificationApi('granted', { reported: 'denied' });
    expect(notifyWhenHidden.canNotify()).toBe(true);
    permissionStatus.state = 'denied';
    expect(notifyWhenHidden.canNotify()).toBe(false);
  });

  it('asks for permission only while the person has not answered (once the Permissions API has said so)', () => {
    for (const [permission, asks] of [
      ['default', 1],
      ['granted', 0],
      ['denied', 0],
    ] as const) {
      const { requestPermission } = stubNotificationApi(permission);
      notifyWhenHidden.requestPermission();
      expect(requestPermission, permission).toHaveBeenCalledTimes(asks);
    }
  });

  it('can notify only with permission granted, and does nothing without the API', () => {
    stubNotificationApi('granted');
    expect(notifyWhenHidden.canNotify()).toBe(true);
    stubNotificationApi('denied');
    expect(notifyWhenHidden.canNotify()).toBe(false);
    expect(notifyWhenHidden.show(completed, englishMessages, () => {})).toBe(false);
    vi.stubGlobal('Notification', undefined);
    expect(notifyWhenHidden.canNotify()).toBe(false);
    expect(() => notifyWhenHidden.requestPermission()).not.toThrow();
  });

  it('says what the toast says, in the catalogue’s language, tagged with the job id', () => {
    const { shown } = stubNotificationApi('granted');
    expect(notifyWhenHidden.show(completed, englishMessages, () => {})).toBe(true);
    expect(notifyWhenHidden.show(completed, germanMessages, () => {})).toBe(true);
    expect(notifyWhenHidden.show(failed, germanMessages, () => {})).toBe(true);
    expect(shown.map(({ title, options }) => ({ title, ...options }))).toEqual([
      {
        title: englishMessages.toastReady,
        body: englishMessages.toastReadyDescription.replace('{slides}', '55'),
        tag: 'job-1',
        lang: 'en',
      },
      {
        title: germanMessages.toastReady,
        body: germanMessages.toastReadyDescription.replace('{slides}', '55'),
        tag: 'job-1',
        lang: 'de',
      },
      { title: germanMessages.toastFailed, body: germanMessages.jobErrors.llm_unavailable, tag: 'job-1', lang: 'de' },
    ]);
  });

  it('focuses the tab, opens the result and closes itself when clicked', () => {
    const { shown } = stubNotificationApi('granted');
    const focus = vi.spyOn(window, 'focus').mockImplementation(() => {});
    const open = vi.fn();
    notifyWhenHidden.show(completed, englishMessages, open);
    shown[0]!.onclick!();
    expect(focus).toHaveBeenCalledOnce();
    expect(open).toHaveBeenCalledOnce();
    expect(shown[0]!.close).toHaveBeenCalledOnce();
  });

  it('leaves the ending to the toast where a page may not construct notifications (Chrome on Android)', () => {
    stubNotificationApi('granted', { throws: true });
    expect(notifyWhenHidden.show(completed, englishMessages, () => {})).toBe(false);
  });
});
