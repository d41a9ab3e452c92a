// A process that starts a local MLflow server and then is killed without stopping it, for the test that
// the server does not outlive its owner. Usage: node --import tsx local-mlflow-owner.ts <folder> <mlflow bin dir>
// Prints {"pid":…,"url":…} once the server answers, then waits to be killed.
import { startLocalMlflowServer } from '../../src/core/tracking/mlflow/local-server';

const [folder, bin] = process.argv.slice(2);
startLocalMlflowServer({ folder: folder!, selectedPythonBin: bin, env: { PATH: '/usr/bin:/bin' } }).then(
  (server) => {
    process.stdout.write(JSON.stringify({ pid: server.pid, url: server.url }) + '\n');
    setInterval(() => undefined, 60_000);
  },
  (err: unknown) => {
    process.stderr.write(String(err) + '\n');
    process.exit(1);
  },
);
