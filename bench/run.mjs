// `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line) with tsx, one process each,
// one after another so they do not compete for the CPU. Benchmarks print their numbers; none asserts a time.
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const wanted = process.argv.slice(2);
const files = readdirSync('bench')
  .filter((f) => f.endsWith('.bench.ts') && (wanted.length === 0 || wanted.some((w) => f.includes(w))))
  .sort();
if (files.length === 0) {
  console.error(`no bench/*.bench.ts${wanted.length > 0 ? ` matching ${wanted.join(', ')}` : ''}`);
  process.exit(2);
}
const failed = [];
for (const file of files) {
  console.log(`\n== bench/${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) failed.push(file);
}
if (failed.length > 0) {
  console.error(`\nbench failed to run: ${failed.join(', ')}`);
  process.exit(1);
}
