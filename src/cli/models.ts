// `mlops models list|register|promote`: GTO git tags by default, MLflow's Model Registry with an MLflow backend.
import * as path from 'node:path';
import { artifactPath, isRemotePath } from '../core/registry/artifact-path';
import { readArtifacts } from '../core/registry/artifacts';
import { RegistryError, type ModelInfo, type ModelRegistry, type RegisterRequest } from '../core/registry/types';
import { nodeFileSystem } from '../core/fs';
import { Hasher } from '../core/runner/hash';
import { parseCommandArgs } from './args';
import {
  openRegistry,
  openTrackingStore,
  reportFailure,
  resolveBackend,
  toJson,
  TRACKING_URI_HELP,
  type Backend,
} from './backend';
import type { CliIO, Command } from './io';
import { outsideProject } from '../core/pipeline/containment';

const USAGE = `usage: mlops models list [--json] [--tracking-uri URI]
       mlops models register NAME --version VERSION (--run RUN_ID | --path PATH) [--tracking-uri URI]
       mlops models promote NAME VERSION --stage STAGE [--tracking-uri URI]

  list      models and versions: {"models":[{"name","versions":[{"version","stages","aliases","runId","commit","path"}]}]}
  register  a version of a model (GTO: git tag NAME@VERSION on the run's commit, or HEAD with --path;
            MLflow: a model version, VERSION kept as its mlops.version tag); records run id, path and md5
  promote   GTO: assigns the stage (git tag NAME#STAGE#N); MLflow: sets the alias STAGE on the version
  --run RUN_ID   the run whose output is the model (its commit; path from --path, dvc.yaml artifacts or its only output)
  --path PATH    the model file or folder, relative to the workspace
  ${TRACKING_URI_HELP}
`;

function listed(m: ModelInfo) {
  return {
    name: m.name,
    versions: m.versions.map((v) => ({
      version: v.version,
      stages: v.stages,
      aliases: v.aliases,
      runId: v.runId,
      commit: v.commit,
      path: v.path,
    })),
  };
}

function textList(models: ModelInfo[]): string {
  if (models.length === 0) return 'no models\n';
  return models
    .map((m) =>
      [
        m.name,
        ...m.versions.map((v) => {
          const marks = [...v.stages.map((s) => `#${s}`), ...v.aliases.map((a) => `@${a}`)].join(' ');
          const parts = [
            v.version,
            marks,
            `commit ${v.commit?.slice(0, 7) ?? '-'}`,
            `run ${v.runId ?? '-'}`,
            v.path ?? '',
            v.md5 ? `md5 ${v.md5}` : '',
          ];
          return `  ${parts.filter((p) => p !== '').join('  ')}`;
        }),
      ].join('\n'),
    )
    .join('\n')
    .concat('\n');
}

const normal = (p: string) => artifactPath('', p);

/** What to register: from a run (its commit, the output's hash) or from a path in the work tree (HEAD, its hash now). */
async function registration(
  backend: Backend,
  root: string,
  io: CliIO,
  name: string,
  version: string,
  runId?: string,
  givenPath?: string,
): Promise<RegisterRequest> {
  if (runId === undefined) {
    const p = normal(givenPath!);
    // A remote location has no local file: the version records where it is, no hash.
    if (isRemotePath(p)) return { name, version, path: p };
    const outside = outsideProject(root, path.resolve(io.cwd, p));
    if (outside) throw new RegistryError(`--path '${p}' ${outside}; register a model inside the workspace`);
    const hash = await new Hasher().hashPath(path.resolve(io.cwd, p));
    if (!hash)
      throw new RegistryError(
        `no file or folder '${p}' in ${io.cwd} — give the model's path relative to the workspace`,
      );
    return { name, version, path: p, md5: hash.md5 };
  }
  const run = await openTrackingStore(backend).getRun(runId);
  if (!run) throw new RegistryError(`no run '${runId}' — list runs with: mlops runs list`);
  const declared = backend.kind === 'local' ? readArtifacts(root, nodeFileSystem).get(name)?.path : undefined;
  const p =
    givenPath !== undefined
      ? normal(givenPath)
      : (declared ?? (run.outputs.length === 1 ? run.outputs[0]!.path : undefined));
  if (p === undefined) {
    const outs = run.outputs.map((o) => o.path).join(', ') || 'none';
    throw new RegistryError(
      `which output of run ${runId} is model '${name}'? pass --path (the run's outputs: ${outs}) or declare it in dvc.yaml artifacts:`,
    );
  }
  const output = run.outputs.find((o) => normal(o.path) === p);
  if (!output && !isRemotePath(p))
    io.stderr(`mlops models register: warning: run ${runId} recorded no output '${p}', so no hash is stored for it\n`);
  if (!run.git && backend.kind === 'local') {
    throw new RegistryError(
      `run ${runId} has no git commit, and a GTO version is a tag on a commit — commit your work and register with --path`,
    );
  }
  if (run.git?.dirty)
    io.stderr(
      `mlops models register: warning: run ${runId} ran on uncommitted changes; the version points at commit ${run.git.commit.slice(0, 7)}\n`,
    );
  return { name, version, runId: run.id, commit: run.git?.commit, path: p, md5: output?.md5 };
}

async function act(sub: 'list' | 'register' | 'promote', argv: string[], io: CliIO): Promise<number> {
  const args = parseCommandArgs(
    argv,
    {
      command: `mlops models ${sub}`,
      usage: USAGE,
      flags: ['json'],
      options: {
        'tracking-uri': { placeholder: 'URI' },
        ...(sub === 'register'
          ? { version: { placeholder: 'VERSION' }, run: { placeholder: 'RUN_ID' }, path: { placeholder: 'PATH' } }
          : {}),
        ...(sub === 'promote' ? { stage: { placeholder: 'STAGE' } } : {}),
      },
      positionals: sub === 'list' ? { max: 0 } : sub === 'register' ? { min: 1, max: 1 } : { min: 2, max: 2 },
    },
    io,
  );
  if (typeof args === 'number') return args;
  const opt = args.options as Partial<Record<'tracking-uri' | 'version' | 'run' | 'path' | 'stage', string>>;
  const usage = (problem: string) => {
    io.stderr(`mlops models ${sub}: ${problem}\n\n${USAGE}`);
    return 2;
  };
  if (sub === 'register' && opt.version === undefined) return usage('--version VERSION is required');
  if (sub === 'register' && opt.run === undefined && opt.path === undefined)
    return usage('give --run RUN_ID or --path PATH');
  if (sub === 'promote' && opt.stage === undefined) return usage('--stage STAGE is required');
  try {
    const backend = resolveBackend(opt['tracking-uri'], io);
    const registry: ModelRegistry = await openRegistry(backend, io.cwd);
    if (sub === 'list') {
      const models = await registry.listModels();
      io.stdout(args.flags.has('json') ? toJson({ models: models.map(listed) }) : textList(models));
      return 0;
    }
    const [name, version] = args.positionals as [string, string];
    if (sub === 'register') {
      const v = await registry.register(
        await registration(backend, registry.location, io, name, opt.version!, opt.run, opt.path),
      );
      io.stderr(
        `registered ${name} ${opt.version}${v.version !== opt.version ? ` (version ${v.version})` : ''} in ${registry.location}\n`,
      );
      if (args.flags.has('json')) io.stdout(toJson({ name, ...listed({ name, versions: [v] }).versions[0] }));
      return 0;
    }
    await registry.promote(name, version, opt.stage!);
    io.stderr(`promoted ${name} ${version} to ${opt.stage}\n`);
    return 0;
  } catch (err) {
    return reportFailure(`mlops models ${sub}`, err, io);
  }
}

export const models: Command = async (argv, io) => {
  const [sub, ...rest] = argv;
  if (sub === 'list' || sub === 'register' || sub === 'promote') return act(sub, rest, io);
  if (sub === '--help' || sub === '-h') {
    io.stderr(USAGE);
    return 0;
  }
  io.stderr(
    `mlops models: ${sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`} (use list, register or promote)\n\n${USAGE}`,
  );
  return 2;
};
