// The default model registry: GTO's annotated git tags, read and written through simple-git, so that
// `gto show` and this registry always agree. Our run id, path and hash ride in the tag message.
import { simpleGit, type SimpleGit } from 'simple-git';
import { nodeFileSystem, type FileSystem } from '../fs';
import { readArtifacts } from './artifacts';
import { gtoState, type GtoArtifact, type TagRecord } from './gto-state';
import { checkArtifactName, checkStage, checkVersion, formatMessage, nextCounter, parseTag, tagName } from './gto-tags';
import {
  RegistryError,
  type ModelInfo,
  type ModelRegistry,
  type ModelVersionInfo,
  type RegisterRequest,
} from './types';

const FIELD = '\u001f';
const RECORD = '\u001e';
const FORMAT =
  ['%(refname:strip=2)', '%(objecttype)', '%(*objectname)', '%(taggerdate:unix)', '%(contents)'].join('%1f') + '%1e';

/** Annotated and lightweight tags of the repository (lightweight ones are kept so callers can see and skip them). */
export function parseForEachRef(out: string): TagRecord[] {
  return out
    .split(RECORD)
    .map((r) => r.replace(/^\n/, ''))
    .filter((r) => r !== '')
    .map((r) => {
      const [tag = '', type = '', peeled = '', time = '', ...message] = r.split(FIELD);
      return {
        tag,
        annotated: type === 'tag',
        commit: peeled,
        time: Number(time) || 0,
        message: message.join(FIELD).trim(),
      };
    });
}

export class GtoRegistry implements ModelRegistry {
  readonly location: string;
  private readonly git: SimpleGit;

  constructor(
    private readonly repoDir: string,
    private readonly fs: FileSystem = nodeFileSystem,
  ) {
    this.location = repoDir;
    this.git = simpleGit({ baseDir: repoDir });
  }

  async listModels(): Promise<ModelInfo[]> {
    const artifacts = readArtifacts(this.repoDir, this.fs);
    return (await this.state())
      .filter((a) => a.active)
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((a) => ({
        name: a.name,
        versions: a.versions
          .filter((v) => v.registered)
          .map(
            (v): ModelVersionInfo => ({
              version: v.version,
              label: v.version,
              stages: [...v.stages].sort(),
              aliases: [],
              runId: v.trailer.runId ?? null,
              commit: v.commit,
              path: v.trailer.path ?? artifacts.get(a.name)?.path ?? null,
              md5: v.trailer.md5 ?? null,
              createdAt: v.createdAt * 1000,
            }),
          ),
      }));
  }

  async getModel(name: string): Promise<ModelInfo | undefined> {
    return (await this.listModels()).find((m) => m.name === name);
  }

  async register(req: RegisterRequest): Promise<ModelVersionInfo> {
    fail(checkArtifactName(req.name) ?? checkVersion(req.version));
    const commit = await this.resolveCommit(req.commit ?? 'HEAD');
    const artifact = (await this.state()).find((a) => a.name === req.name);
    const taken = artifact?.versions.find((v) => v.version === req.version);
    if (taken)
      throw new RegistryError(
        `${req.name} ${req.version} is already registered (commit ${taken.commit.slice(0, 7)}) — choose a new version`,
      );
    const atCommit = artifact?.versions.find((v) => v.commit === commit && v.registered);
    if (atCommit) {
      throw new RegistryError(
        `commit ${commit.slice(0, 7)} already holds ${req.name} ${atCommit.version} — GTO allows one version per commit; commit the new model first`,
      );
    }
    const message = formatMessage(`Registering artifact ${req.name} version ${req.version}`, {
      runId: req.runId,
      path: req.path,
      md5: req.md5,
    });
    await this.tag(tagName('register', req.name, { version: req.version }), commit, message);
    const model = await this.getModel(req.name);
    return model!.versions.find((v) => v.version === req.version)!;
  }

  async promote(name: string, version: string, stage: string): Promise<void> {
    fail(checkArtifactName(name) ?? checkStage(stage));
    const { artifact, v } = await this.findVersion(name, version);
    if (v.stages.includes(stage)) throw new RegistryError(`${name} ${version} is already in stage '${stage}'`);
    const counter = nextCounter(await this.tagNames(), artifact.name);
    await this.tag(
      tagName('assign', name, { stage, counter }),
      v.commit,
      `Assigning stage ${stage} to artifact ${name} version ${version}`,
    );
  }

  async demote(name: string, version: string, stage: string): Promise<void> {
    fail(checkArtifactName(name) ?? checkStage(stage));
    const { v } = await this.findVersion(name, version);
    if (!v.stages.includes(stage))
      throw new RegistryError(
        `${name} ${version} is not in stage '${stage}' (its stages: ${v.stages.join(', ') || 'none'})`,
      );
    const counter = nextCounter(await this.tagNames(), name);
    await this.tag(
      tagName('unassign', name, { stage, counter }),
      v.commit,
      `Unassigning stage '${stage}' to artifact '${name}' version '${version}'`,
    );
  }

  async deregister(name: string, version: string): Promise<void> {
    const { v } = await this.findVersion(name, version);
    await this.tag(
      tagName('deregister', name, { version }),
      v.commit,
      `Deregistering artifact ${name} version ${version}`,
    );
  }

  async deprecate(name: string): Promise<void> {
    const artifact = await this.findArtifact(name);
    const newest = [...artifact.versions].sort((a, b) => b.createdAt - a.createdAt)[0];
    const names = await this.tagNames();
    const simple = tagName('deprecate', name, {});
    // A second deprecation (after a re-registration) needs a counter, as GTO's --force does.
    const tag = names.includes(simple) ? `${simple}#${nextCounter(names, name)}` : simple;
    await this.tag(tag, newest?.commit ?? (await this.resolveCommit('HEAD')), `Deprecating artifact '${name}'`);
  }

  private async records(): Promise<TagRecord[]> {
    return parseForEachRef(await this.git.raw(['for-each-ref', 'refs/tags', `--format=${FORMAT}`]));
  }

  private async state(): Promise<GtoArtifact[]> {
    return gtoState(await this.records());
  }

  /**
   * Tag times have whole-second resolution and GTO orders events by time alone, so a tag made in the same
   * second as the artifact's newest one could be ordered before it. Wait for the next second instead.
   */
  private async afterNewestTagOf(name: string): Promise<void> {
    const newest = Math.max(
      0,
      ...(await this.records()).filter((r) => parseTag(r.tag)?.name === name).map((r) => r.time),
    );
    // Timers may fire early (libuv measures from a cached loop time) and git reads a coarse clock: re-check, with a margin.
    const target = (newest + 1) * 1000 + 20;
    while (Date.now() < target) await new Promise((r) => setTimeout(r, target - Date.now()));
  }

  private async tagNames(): Promise<string[]> {
    return (await this.git.raw(['tag', '--list'])).split('\n').filter((t) => t !== '');
  }

  private async findArtifact(name: string): Promise<GtoArtifact> {
    fail(checkArtifactName(name));
    const state = await this.state();
    const artifact = state.find((a) => a.name === name && a.active);
    if (!artifact) {
      const known = state.filter((a) => a.active).map((a) => a.name);
      throw new RegistryError(
        `no model '${name}' in ${this.repoDir} (models: ${known.join(', ') || 'none'}) — register a version first`,
      );
    }
    return artifact;
  }

  private async findVersion(name: string, version: string) {
    const artifact = await this.findArtifact(name);
    const v = artifact.versions.find((x) => x.version === version && x.registered);
    if (!v) {
      throw new RegistryError(
        `${name} has no registered version '${version}' (versions: ${artifact.versions.map((x) => x.version).join(', ') || 'none'})`,
      );
    }
    return { artifact, v };
  }

  private async resolveCommit(rev: string): Promise<string> {
    const out = await this.git
      .raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])
      .catch(() => '');
    if (out.trim() === '')
      throw new RegistryError(
        `'${rev}' is not a commit in ${this.repoDir} — is it a git repository with at least one commit?`,
      );
    return out.trim();
  }

  private async tag(name: string, commit: string, message: string): Promise<void> {
    await this.afterNewestTagOf(parseTag(name)!.name);
    try {
      // `--` before the user-derived name and commit: neither can ever be read as an option.
      await this.git.raw(['tag', '--annotate', '--message', message, '--', name, commit]);
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      if (/already exists/.test(text))
        throw new RegistryError(
          `git tag '${name}' already exists — someone registered it meanwhile; list models and retry`,
        );
      if (/tell me who you are|user\.email|empty ident/i.test(text)) {
        throw new RegistryError(
          `git needs your identity to create the annotated tag '${name}': git config user.name "…" and git config user.email "…"`,
        );
      }
      throw new RegistryError(`could not create git tag '${name}': ${text.trim()}`);
    }
  }
}

function fail(problem: string | undefined): void {
  if (problem !== undefined) throw new RegistryError(problem);
}
