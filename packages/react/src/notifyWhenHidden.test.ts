import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobNotice, TrackedJob } from '@talk-track/core/client';
import { germanMessages } from './locales/de.ts';
import { notifyWhenHidden } from './notifyWhenHidden.ts';
import { englishMessages } from './talkTrackMessages.ts';

/** Stands in for the browser's Notification API here; the Chromium test (tests/browser/notifyWhenHidden.test.ts) calls the real one. */
function stubNotificationApi(permission: NotificationPermission, { throws = false } = {}) {
  const shown: { title: string; options: NotificationOptions; close: ReturnType<typeof vi.fn>; onclick: (() => void) | null }[] = [];
  const requestPermission = vi.fn(async () => permission);
  class StubNotification {
    static permission = permission;
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
const failed: JobNotice = { kind: 'failed', job: { ...job, error: { code: 'llm_unavailable', message: 'The model is unavailable.' } }, key: 'job-1@t', hidden: true };

afterEach(() => vi.unstubAllGlobals());

describe('notifyWhenHidden', () => {
  it('asks for permission only while the person has not answered', () => {
    for (const [permission, asks] of [['default', 1], ['granted', 0], ['denied', 0]] as const) {
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
      { title: englishMessages.toastReady, body: englishMessages.toastReadyDescription.replace('{slides}', '55'), tag: 'job-1', lang: 'en' },
      { title: germanMessages.toastReady, body: germanMessages.toastReadyDescription.replace('{slides}', '55'), tag: 'job-1', lang: 'de' },
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
