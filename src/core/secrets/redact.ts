// Credentials removed from text before it reaches a person or a log. Errors echo the URLs and requests they
// failed on (`http://alice:hunter2@host/…`, `?access_token=…`, `Authorization: Bearer …`), and CI logs are
// public on most pull requests, so every edge that shows text — the CLI's streams, the editor's notifications
// and its output channel — passes it through `redactSecrets` once, here. What is kept is what helps find the
// fault: the scheme, the user name, the host, the parameter's name, the header's scheme; the secret becomes
// `***`. Patterns are linear (no nested quantifiers), so hostile text cannot make redaction slow.

const HIDDEN = '***';

/** `scheme://user:password@` or `scheme://token@`: up to the last `@` of the authority. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#@]*(?:@[^\s/?#@]*)*)@(?=[^\s/?#@]*(?:[/?#\s]|$))/gi;

/** An Authorization header in any form (`Authorization: Basic …`, `"authorization": "Bearer …"`), value hidden. */
const AUTH_HEADER = /\b((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(bearer|basic|token|digest)\s+)?[^\s"',}]+/gi;

/** A bearer token outside a header (`Bearer eyJ…`): long enough to be a credential, not the word in a sentence. */
const BEARER = /\b(bearer\s+)(?!\*\*\*)[A-Za-z0-9._~+/=-]{12,}/gi;

/** Query parameters whose name says they carry a secret (`?access_token=`, `&sig=`, `&api_key=`). */
const SECRET_PARAM =
  /([?&;][\w.-]*?(?:token|key|secret|password|passwd|pwd|sig|signature|auth|credential)[\w.-]*=)[^&#\s"']+/gi;

/** `NAME=value` assignments of variables named as secrets (`MLFLOW_TRACKING_TOKEN=…`, `AWS_SECRET_ACCESS_KEY=…`). */
const SECRET_ENV = /\b([A-Z0-9_]*(?:TOKEN|PASSWORD|SECRET|API_KEY|ACCESS_KEY)[A-Z0-9_]*=)[^\s"']+/g;

/**
 * What every pattern above needs somewhere in the text: `://`, or a word of its names. Most text (JSON of plot
 * rows, tables of numbers) has none, and one scan for them is several times cheaper than the five scans.
 */
const ANY_SECRET = /:\/\/|bearer|token|key|secret|passw|pwd|sig|auth|credential/i;

/** Whether `redactSecrets` could change the text (when false it returns the text as it is). */
export function mayHoldSecret(text: string): boolean {
  return ANY_SECRET.test(text);
}

export function redactSecrets(text: string): string {
  if (!ANY_SECRET.test(text)) return text;
  return text
    .replace(USERINFO, (_m, scheme: string, info: string) => {
      // Keep a user name that is plainly one (`alice:…`); a lone part (`https://TOKEN@host`) is the secret.
      const colon = info.indexOf(':');
      return `${scheme}${colon > 0 ? `${info.slice(0, colon)}:${HIDDEN}` : HIDDEN}@`;
    })
    .replace(
      AUTH_HEADER,
      (_m, name: string, scheme: string | undefined) => `${name}${scheme ? `${scheme} ` : ''}${HIDDEN}`,
    )
    .replace(BEARER, (_m, scheme: string) => `${scheme}${HIDDEN}`)
    .replace(SECRET_PARAM, (_m, name: string) => `${name}${HIDDEN}`)
    .replace(SECRET_ENV, (_m, name: string) => `${name}${HIDDEN}`);
}
