// Preloaded with `node --import` by `scripts/run-tests.mjs --at ISO`: the wall clock of this process runs
// QUOTABAR_TEST_CLOCK_OFFSET_MS ahead (or behind), so a run shows whether any test or the code under it
// reads the real date where it should take an injected one. One offset, computed once by the runner,
// is shared by every process of the run, so the test, the CLI and the doubles agree on the time.
// Timers, performance.now() and file times are left alone.
const raw = process.env.QUOTABAR_TEST_CLOCK_OFFSET_MS;
if (raw !== undefined && raw !== '') {
  const offset = Number(raw);
  if (!Number.isFinite(offset)) throw new Error(`QUOTABAR_TEST_CLOCK_OFFSET_MS is not a number: ${raw}`);
  const RealDate = Date;
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}
