// The commands that run something from the workspace, and so need workspace trust: git (whose hooks and config
// come from the repository: registering, promoting or deprecating a model tags a commit, checking out a run,
// `git init`), the pipeline's commands, and Python (a local MLflow server). Kept free of `vscode` so a unit
// test holds package.json's `enablement` to this list; the handlers check trust again in code (trust.ts),
// because `executeCommand` and CodeLenses do not look at `enablement`.
export const TRUSTED_COMMANDS = [
  'mlops.checkoutRun',
  'mlops.gitInit',
  'mlops.models.register',
  'mlops.models.promote',
  'mlops.models.deprecate',
  'mlops.runStage',
  'mlops.runStageWithUpstream',
  'mlops.runDownstream',
  'mlops.runGroup',
  'mlops.runPipeline',
  'mlops.chooseExpansions',
  'mlops.stopRun',
  'mlops.startLocalMlflow',
  'mlops.retrainAndPromote',
] as const;

export type TrustedCommand = (typeof TRUSTED_COMMANDS)[number];
