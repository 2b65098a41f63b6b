// PostgreSQL's share of a request: the CPU time of the backends serving the bench database,
// read from /proc/<pid>/stat (utime + stime) before and after a load phase. Moving work into
// PostgreSQL (one big JSON-building statement) must not look free next to the server's own CPU.
// The backends are found by `SELECT pid FROM pg_stat_activity WHERE datname = current_database()`
// (this connection's own backend excluded), so the figure needs PostgreSQL on this machine.
import { readFileSync } from 'node:fs';
import pg from 'pg';

const clockTicks = 100; // USER_HZ on Linux x86_64 (getconf CLK_TCK)

/** CPU seconds per backend pid of the database, now. */
export async function backendCpuSnapshot(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let pids;
  try {
    ({ rows: pids } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()'));
  } finally {
    await client.end();
  }
  const seconds = new Map();
  for (const { pid } of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      seconds.set(pid, (Number(rest[11]) + Number(rest[12])) / clockTicks);
    } catch {
      /* gone, or PostgreSQL is not on this machine */
    }
  }
  return { seconds, backends: seconds.size };
}

/**
 * CPU seconds the database's backends used between two snapshots. A backend that appeared in
 * between counts whole (it started inside the window); one that exited in between is lost, which
 * pools that keep their connections (all three targets' do) avoid.
 */
export function backendCpuSeconds(before, after) {
  let total = 0;
  for (const [pid, seconds] of after.seconds) total += Math.max(0, seconds - (before.seconds.get(pid) ?? 0));
  return total;
}
