import { describe, expect, it, vi } from 'vitest';
import { createLockLeadership, createSoloLeadership } from './leadership.ts';
import { createMemoryLocks } from '@talk-track/testing';

const until = (check: () => void) => vi.waitFor(check, { interval: 1 });

function tab(locks: ReturnType<typeof createMemoryLocks>) {
  const leadership = createLockLeadership(locks, 'talk-track:leader');
  const changes: boolean[] = [];
  const leave = leadership.subscribe((leader) => changes.push(leader));
  return { leadership, changes, leave };
}

describe('createLockLeadership', () => {
  it('makes exactly one tab the leader and hands over when it leaves', async () => {
    const locks = createMemoryLocks();
    const a = tab(locks);
    const b = tab(locks);
    await until(() => expect(a.leadership.isLeader()).toBe(true));
    expect(b.leadership.isLeader()).toBe(false);

    a.leave();
    expect(a.leadership.isLeader()).toBe(false);
    await until(() => expect(b.leadership.isLeader()).toBe(true));
    // A's listener left with it, so it hears nothing of its own stepping down.
    expect(a.changes).toEqual([true]);
    expect(b.changes).toEqual([true]);
  });

  it('lets the tab the person looks at claim the lead, and the old leader queues again', async () => {
    const locks = createMemoryLocks();
    const a = tab(locks);
    await until(() => expect(a.leadership.isLeader()).toBe(true));
    const b = tab(locks);
    b.leadership.claim();
    await until(() => expect(b.leadership.isLeader()).toBe(true));
    await until(() => expect(a.leadership.isLeader()).toBe(false));

    // A is back in the queue: it leads again once B leaves.
    b.leave();
    await until(() => expect(a.leadership.isLeader()).toBe(true));
    expect(a.changes).toEqual([true, false, true]);
  });

  it('leaves no one leading and nothing queued after every tab left', async () => {
    const locks = createMemoryLocks();
    const a = tab(locks);
    const b = tab(locks);
    await until(() => expect(a.leadership.isLeader()).toBe(true));
    b.leave();
    a.leave();
    const c = tab(locks);
    await until(() => expect(c.leadership.isLeader()).toBe(true));
    expect(b.changes).toEqual([]);
  });
});

describe('createMemoryLocks', () => {
  it('grants one holder at a time, in request order', async () => {
    const locks = createMemoryLocks();
    const order: string[] = [];
    let releaseFirst!: () => void;
    const first = locks.request(
      'l',
      () =>
        new Promise<void>((resolve) => {
          order.push('first');
          releaseFirst = resolve;
        }),
    );
    const second = locks.request('l', () => {
      order.push('second');
    });
    const probe = await locks.request('l', { ifAvailable: true }, (lock) => lock);
    expect(probe).toBeNull();
    await until(() => expect(order).toEqual(['first']));
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('drops a queued request when its signal aborts', async () => {
    const locks = createMemoryLocks();
    let release!: () => void;
    void locks.request(
      'l',
      () =>
        new Promise<void>((resolve) => {
          release = resolve;
        }),
    );
    const controller = new AbortController();
    const callback = vi.fn();
    const queued = locks.request('l', { signal: controller.signal }, callback);
    controller.abort();
    await expect(queued).rejects.toMatchObject({ name: 'AbortError' });
    release();
    expect(callback).not.toHaveBeenCalled();
  });
});

describe('createSoloLeadership', () => {
  it('leads as soon as it is listened to', () => {
    const solo = createSoloLeadership();
    const seen: boolean[] = [];
    solo.subscribe((leader) => seen.push(leader));
    expect(solo.isLeader()).toBe(true);
    expect(seen).toEqual([true]);
  });
});
