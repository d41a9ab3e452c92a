// The model registry both backends implement: GTO git tags (default) and MLflow's Model Registry.
// Shapes map directly onto `mlops models list --json` (docs/cli.md).

export interface ModelVersionInfo {
  /** GTO: `v1.2.0`; MLflow: the server's version number as a string. */
  version: string;
  /**
   * The version as it was registered (`v1.2.0`), what the next version counts from: GTO's version itself; on
   * MLflow our `mlops.version` tag (MLflow numbers versions 1, 2, …), null for a version another tool registered.
   */
  label: string | null;
  /** Stages this version currently holds (GTO: assigned; MLflow: the legacy stage, if not None). */
  stages: string[];
  /** MLflow aliases; GTO has none. */
  aliases: string[];
  /** The run that produced the model, when it was registered from a run. */
  runId: string | null;
  commit: string | null;
  /** Path of the model file or folder, relative to the workspace. */
  path: string | null;
  /** DVC-style md5 of the output when registered (`<md5>.dir` for a folder). */
  md5: string | null;
  /** ms since epoch. */
  createdAt: number;
}

export interface ModelInfo {
  name: string;
  /** Newest first (semantic-version order for GTO, version number for MLflow). */
  versions: ModelVersionInfo[];
}

export interface RegisterRequest {
  name: string;
  version: string;
  /** GTO: the commit to tag (default HEAD). MLflow: recorded as a tag. */
  commit?: string;
  runId?: string;
  path?: string;
  md5?: string;
}

export interface ModelRegistry {
  /** For messages, e.g. the repository folder or the server URL. */
  readonly location: string;
  /** Active models (GTO hides deprecated ones, as `gto show` does). */
  listModels(): Promise<ModelInfo[]>;
  getModel(name: string): Promise<ModelInfo | undefined>;
  register(request: RegisterRequest): Promise<ModelVersionInfo>;
  /** GTO: assigns the stage. MLflow: sets an alias of that name (stages are deprecated there). */
  promote(name: string, version: string, stage: string): Promise<void>;
  /** Takes a stage away from a version. */
  demote(name: string, version: string, stage: string): Promise<void>;
  deregister(name: string, version: string): Promise<void>;
  deprecate(name: string): Promise<void>;
}

/** Bad requests (unknown model or version, invalid name, version taken): the message says what and how to fix it. */
export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}
