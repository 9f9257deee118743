/** Where the route handler is mounted in the benchmarks (requests go to it in-process, never over a socket). */
export const BENCH_API_BASE = 'http://127.0.0.1:3000/api/generate/talk-track';

/** The benchmarks' simulated clients name their user in this header: no auth cost is measured. */
export const BENCH_USER_HEADER = 'x-bench-user';

/** The route handler's `getUserId` for benchmark requests. */
export function benchUserId(request: Request): string | null {
  return request.headers.get(BENCH_USER_HEADER);
}
