/**
 * Variable expansion as Docker and the shell do it: `$VAR`, `${VAR}`, `${VAR:-default}`,
 * `${VAR-default}`, `${VAR:+alt}`, `${VAR+alt}`. An unknown variable leaves the word
 * not literal: its value comes from somewhere we cannot see (a build arg, the pod's env).
 */

/** Known variables; `undefined` is declared without a value (`ARG NAME`). */
export type Env = ReadonlyMap<string, string | undefined>;

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+=?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/** Substitutes every variable in `text`; `resolved` is false when one was unknown. */
export function substitute(text: string, vars: Env): { value: string; resolved: boolean } {
  let resolved = true;
  const value = text.replace(VARIABLE, (_m, braced: string | undefined, op: string | undefined, word: string | undefined, bare: string | undefined) => {
    const v = vars.get(braced ?? bare!);
    const set = v !== undefined && (op?.startsWith(':') ? v !== '' : true);
    if (op?.endsWith('-') || op?.endsWith('=')) return set ? v! : word!;
    if (op?.endsWith('+')) return set ? word! : '';
    if (v === undefined) resolved = false;
    return v ?? '';
  });
  return { value, resolved };
}

/** One expansion node's text (`$PORT`, `${PORT:-8080}`) as a word. */
export function expandVariable(text: string, env: Env): { value: string; literal: boolean } {
  if (!/^\$\{?[A-Za-z_]/.test(text)) return { value: text, literal: false };
  const { value, resolved } = substitute(text, env);
  return resolved ? { value, literal: true } : { value: text, literal: false };
}
