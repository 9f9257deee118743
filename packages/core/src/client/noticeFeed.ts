import type { TrackedJobsStore } from './trackedJobsStore.ts';
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
  /** This tab was hidden when it won the notice: only a system notification reaches the person now (see `NoticeFeed.reachWhenHidden`). */
  hidden: boolean;
}

export interface NoticeFeed {
  /** The first listener starts watching the store; notices claimed while nobody listened are replayed to the next listener. */
  subscribe(listener: (notice: JobNotice) => void): () => void;
  /**
   * While registered and `canReach()` answers true (a system notification can be shown), hidden
   * tabs claim notices too, so a person who is away hears of an ending at once — still once per
   * origin: the ledger picks one tab. Returns its undo.
   */
  reachWhenHidden(canReach: () => boolean): () => void;
}

/**
 * Turns job endings into notices, each announced once per origin. Derived from state, not from
 * transitions, so an ending that happened while the page was closed is announced on the next
 * visit — and the ledger makes sure that happens in one tab, once. Only a visible tab claims a
 * notice (the person sees the toast in the tab they look at, or when they come back), unless a
 * system notification can reach them while the tabs are hidden (`reachWhenHidden`). A visible tab
 * normally wins that race: it took the polling when it came into view, so it learns of the ending,
 * and asks the ledger, before the hidden tabs hear of it over the channel.
 */
export function createNoticeFeed(
  store: TrackedJobsStore,
  ledger: NotificationLedger,
  visibility: VisibilitySource,
): NoticeFeed {
  const attempted = new Set<string>();
  const reachers = new Set<() => boolean>();
  let unheard: JobNotice[] = [];

  const scan = () => {
    const { jobs, hydrated } = store.getState();
    if (!hydrated || (visibility.isHidden() && ![...reachers].some((canReach) => canReach()))) return;
    for (const job of Object.values(jobs)) {
      const ending = noticeFor(job);
      if (!ending || attempted.has(ending.key)) continue;
      attempted.add(ending.key);
      void ledger.claim(ending.key).then((won) => {
        if (!won) return;
        // Hidden or not when it is shown, not when it was claimed: a tab back in view toasts.
        const notice: JobNotice = { ...ending, hidden: visibility.isHidden() };
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
      for (const notice of replay) listener({ ...notice, hidden: visibility.isHidden() });
      return unsubscribe;
    },
    reachWhenHidden(canReach) {
      reachers.add(canReach);
      if (notices.size) scan();
      return () => void reachers.delete(canReach);
    },
  };
}

function noticeFor(job: TrackedJob): Omit<JobNotice, 'hidden'> | null {
  if (!job.watched || !job.completedAt || (job.status !== 'completed' && job.status !== 'failed')) return null;
  return { kind: job.status, job, key: `${job.jobId}@${job.completedAt}` };
}
