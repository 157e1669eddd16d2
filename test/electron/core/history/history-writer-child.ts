// A second process writing the history: `node --import tsx history-writer-child.ts <file> <accountId> <count> <startMs>`.
// Each write is a report a minute after the last, with usage changing every time (no merging).
import { openHistoryStore } from '../../../../electron/core/history/history-store.js';
import { historyReport } from './history-reports.js';

const [path, accountId, count, start] = process.argv.slice(2) as [string, string, string, string];
let warnings = 0;
const store = openHistoryStore({
  path,
  warn: (message) => {
    warnings++;
    process.stderr.write(`${message}\n`);
  },
});
let kept = 0;
for (let i = 0; i < Number(count); i++) {
  const at = Number(start) + i * 60_000;
  if (store.record(historyReport(at, { accountId, session: (i % 100) + 0.5, weekly: i / 10 }))) kept++;
}
process.stdout.write(JSON.stringify({ kept, warnings }));
