import type { JobStoreApi } from './jobStore.ts';
import type { NotificationLedger } from './notificationLedger.ts';
import { createSubscribable } from './subscribable.ts';
import type { TrackedJob } from './trackedJob.ts';
import type { VisibilitySource } from './visibility.ts';

/** A job this browser watched has ended in a way worth telling the person about. */
export interface JobNotice {
  kind: 'completed' | 'failed';
  job: TrackedJob;
  /** Unique per ending: a retried job that ends again gets a new key. */
  key: string;
}

export interface NoticeFeed {
  /** The first listener starts watching the store; notices claimed while nobody listened are replayed to the next listener. */
  subscribe(listener: (notice: JobNotice) => void): () => void;
}

/**
 * Turns job endings into notices, each announced once per origin. Derived from state, not from
 * transitions, so an ending that happened while the page was closed is announced on the next
 * visit — and the ledger makes sure that happens in one tab, once. Only a visible tab claims a
 * notice: the person sees the toast in the tab they look at, or when they come back.
 */
export function createNoticeFeed(store: JobStoreApi, ledger: NotificationLedger, visibility: VisibilitySource): NoticeFeed {
  const attempted = new Set<string>();
  let unheard: JobNotice[] = [];

  const scan = () => {
    const { jobs, hydrated } = store.getState();
    if (!hydrated || visibility.isHidden()) return;
    for (const job of Object.values(jobs)) {
      const notice = noticeFor(job);
      if (!notice || attempted.has(notice.key)) continue;
      attempted.add(notice.key);
      void ledger.claim(notice.key).then((won) => {
        if (!won) return;
        if (notices.size) notices.emit(notice);
        else unheard.push(notice);
      });
    }
  };

  const notices = createSubscribable<(notice: JobNotice) => void>(() => {
    const stopStore = store.subscribe(scan);
    const stopVisibility = visibility.subscribe(scan);
    scan();
    return () => {
      stopStore();
      stopVisibility();
    };
  });

  return {
    subscribe(listener) {
      const unsubscribe = notices.subscribe(listener);
      const replay = unheard;
      unheard = [];
      for (const notice of replay) listener(notice);
      return unsubscribe;
    },
  };
}

function noticeFor(job: TrackedJob): JobNotice | null {
  if (!job.watched || !job.completedAt || (job.status !== 'completed' && job.status !== 'failed')) return null;
  return { kind: job.status, job, key: `${job.jobId}@${job.completedAt}` };
}
