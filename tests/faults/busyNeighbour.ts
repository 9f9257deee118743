// A CPU-bound neighbour for the fault suite: keeps one core busy, then stops by itself.
//
//   npx tsx tests/faults/busyNeighbour.ts [seconds]   (default 600)
//
// Run it beside a fault test to see whether that test's timing holds on a loaded machine (on 2
// cores, one of them is then taken). It never runs longer than asked, so a forgotten one goes away.

/** Longest run allowed, whatever is asked: ten in a row of a fault file fit in this. */
const MAX_SECONDS = 1_800;
/** Busy slices this long, then a turn of the event loop so SIGINT/SIGTERM are heard. */
const SLICE_MS = 50;

const asked = Number(process.argv[2] ?? 600);
if (!Number.isFinite(asked) || asked <= 0)
  throw new Error(`busyNeighbour: give a positive number of seconds, not "${process.argv[2]}".`);
const seconds = Math.min(asked, MAX_SECONDS);
const until = Date.now() + seconds * 1000;

let sink = 0;
function spin(): void {
  const sliceEnd = Math.min(Date.now() + SLICE_MS, until);
  while (Date.now() < sliceEnd) sink = (sink * 31 + 7) % 1_000_003;
  if (Date.now() < until) setImmediate(spin);
  else console.log(`busyNeighbour: kept one core busy for ${seconds} s (${sink})`);
}
console.log(`busyNeighbour: pid ${process.pid}, one core busy for ${seconds} s`);
spin();
