// The `mlops` executable (dist/cli.js). A plain `mlops status` in a folder with a daemon is answered here, before
// the rest of the CLI (dist/cli-main.js, most of the code) is even loaded: a warm status then costs little more
// than Node's own start. Without a daemon, status loads its own bundle (dist/cli-status.js, a third of the size:
// loading the code was a sixth of a warm status). `metrics` and `params` load theirs (dist/cli-diff.js), `exp list`
// its own (dist/cli-list.js), `plots` its own (dist/cli-plots.js). Everything else goes to the CLI's main.
import * as path from 'node:path';
import { requireWithCodeCache } from './code-cache';
import { statusFromDaemon } from './daemon-client';
import { processIO } from './io';

async function launch(): Promise<number> {
  const argv = process.argv.slice(2);
  const io = processIO();
  if (argv[0] === 'status') {
    const report = await statusFromDaemon(argv.slice(1), io.cwd);
    if (report) {
      io.stdout(report.stdout);
      io.stderr(report.stderr);
      return report.code;
    }
    const { statusMain } = requireWithCodeCache(
      path.join(__dirname, 'cli-status.js'),
    ) as typeof import('./status-main');
    return statusMain(argv.slice(1), io);
  }
  if (argv[0] === 'exp' && argv[1] === 'list') {
    const { listMain } = requireWithCodeCache(path.join(__dirname, 'cli-list.js')) as typeof import('./list-main');
    return listMain(argv.slice(2), io);
  }
  if (argv[0] === 'plots') {
    const { plotsMain } = requireWithCodeCache(path.join(__dirname, 'cli-plots.js')) as typeof import('./plots-main');
    return plotsMain(argv.slice(1), io);
  }
  if (argv[0] === 'metrics' || argv[0] === 'params') {
    const { diffMain } = requireWithCodeCache(path.join(__dirname, 'cli-diff.js')) as typeof import('./diff-main');
    return diffMain(argv[0], argv.slice(1), io);
  }
  // A separate bundle beside this one (scripts/build.mjs keeps it external), loaded only now, through V8's code cache.
  const { main } = requireWithCodeCache(path.join(__dirname, 'cli-main.js')) as typeof import('./main');
  return main(argv, io);
}

void launch().then((code) => {
  process.exitCode = code;
});
