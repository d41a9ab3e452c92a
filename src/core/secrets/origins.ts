// Which server a token belongs to. A token is kept per server origin (scheme, host and port, as the browser's
// same-origin rule has it) and is only ever sent to that origin: a cloned repository that points
// `mlops.tracking.uri` or `mlops.ray.address` at its own server gets no token the user gave to another one. A
// workspace-level URI that differs from the user's own is a repository speaking for the user, so the editor
// asks once (remembered per workspace and origin) before contacting it.

export type TokenService = 'mlflow' | 'ray';

/** `http(s)://host:port` of a URI, lower-cased with default ports dropped; undefined for anything else. */
export function serverOrigin(uri: string): string | undefined {
  try {
    const url = new URL(uri.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/** The SecretStorage key of a service's token for one origin. */
export function tokenKey(service: TokenService, origin: string): string {
  return `mlops.${service}.token:${origin}`;
}

/** A setting's value at the user's level and at the workspace's (as VS Code's `inspect` reports them). */
export interface SettingLevels {
  user?: string;
  workspace?: string;
}

/**
 * The origin the user must confirm before the editor contacts it: the workspace's server when it is a server the
 * user did not name at the user level and has not confirmed for this workspace; undefined when nothing needs asking.
 */
export function originToConfirm(levels: SettingLevels, confirmed: readonly string[]): string | undefined {
  const theirs = levels.workspace?.trim() ? serverOrigin(levels.workspace) : undefined;
  if (!theirs) return undefined;
  const ours = levels.user?.trim() ? serverOrigin(levels.user) : undefined;
  return theirs === ours || confirmed.includes(theirs) ? undefined : theirs;
}
