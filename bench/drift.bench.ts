// `mlops drift` on 1M rows × 20 columns (15 numeric, 5 categorical; MLOPS_BENCH_ROWS) against Evidently's
// data-drift preset on the same files, same run, CSV and Parquet: wall time and peak memory of each as a
// process (reading the files included), and the ratio; target ≥ 5× faster. Run `npm run build` first.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { evidentlyBin, venvBin } from '../test/support/python';

const ROWS = Number(process.env.MLOPS_BENCH_ROWS ?? 1_000_000);
const CLI = resolve(__dirname, '../dist/cli.js');

/**
 * Wall seconds, CPU seconds (user + system: steadier than wall time on a shared machine) and peak resident
 * memory (MB) of a command, from GNU time.
 */
function measure(command: string, args: string[]): { seconds: number; cpu: number; peakMb: number; stdout: string } {
  const start = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%M %U %S', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = (performance.now() - start) / 1000;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const [peakKb, user, system] = r.stderr.trim().split('\n').pop()!.split(' ').map(Number);
  return { seconds, cpu: user! + system!, peakMb: peakKb! / 1024, stdout: r.stdout };
}

const dir = mkdtempSync(join(tmpdir(), 'mlops-bench-drift-'));
try {
  let t = performance.now();
  execFileSync(join(venvBin(), 'python'), [join(__dirname, 'drift_data.py'), dir, String(ROWS)]);
  console.log(`wrote ${ROWS} rows × 20 columns (CSV and Parquet) in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const evidently = join(evidentlyBin(), 'python');
  for (const ext of ['csv', 'parquet']) {
    const ref = join(dir, `reference.${ext}`);
    const cur = join(dir, `current.${ext}`);
    const ours = measure(process.execPath, [CLI, 'drift', '--reference', ref, '--current', cur, '--format', 'json']);
    const report = JSON.parse(ours.stdout) as { columns: { drift: boolean }[] };
    t = performance.now();
    const peer = measure(evidently, [join(__dirname, 'drift_evidently.py'), ref, cur]);
    const theirs = JSON.parse(peer.stdout.trim().split('\n').pop()!) as { seconds: number; drifted: unknown };
    const drifted = report.columns.filter((c) => c.drift).length;
    console.log(
      `${ext}: mlops drift ${ours.seconds.toFixed(1)} s (CPU ${ours.cpu.toFixed(1)} s), peak ${ours.peakMb.toFixed(0)} MB (${drifted} of 20 drifted)`,
    );
    console.log(
      `${ext}: Evidently DataDriftPreset ${peer.seconds.toFixed(1)} s (CPU ${peer.cpu.toFixed(1)} s; ${theirs.seconds.toFixed(1)} s after imports), peak ${peer.peakMb.toFixed(0)} MB (drifted: ${JSON.stringify(theirs.drifted)})`,
    );
    console.log(
      `${ext}: ${(peer.seconds / ours.seconds).toFixed(1)}× faster in wall time, ${(peer.cpu / ours.cpu).toFixed(1)}× in CPU time (target ≥ 5×)`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
