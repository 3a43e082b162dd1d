/**
 * A Dockerfile reader that keeps line numbers: parser directives (`# escape=`), comments,
 * line continuations (with comments and blank lines inside them), heredocs (`<<EOF`,
 * `<<-EOF`, quoted delimiters, several per instruction) and JSON (exec) form.
 * Bounded: a hostile file yields errors, never a hang.
 */

export interface Heredoc {
  name: string;
  body: string;
}

export interface Instruction {
  /** Upper case: `FROM`, `RUN`, `CMD`, … */
  keyword: string;
  /** Everything after the keyword, continuations joined. */
  args: string;
  /** 1-based line of the keyword. */
  line: number;
  /** 1-based last line (continuations and heredocs included), for replacing the instruction; the parser always sets it. */
  endLine?: number;
  heredocs: Heredoc[];
  /** The comment lines right above the instruction (no blank line between), without `#`; the parser always sets it. */
  comments?: string[];
}

export interface ParsedDockerfile {
  instructions: Instruction[];
  escape: string;
  errors: { line: number; message: string }[];
}

const MAX_INSTRUCTIONS = 5000;
const MAX_INSTRUCTION_CHARS = 256 * 1024;
const HEREDOC_KEYWORDS = new Set(['RUN', 'COPY', 'ADD']);

/** Reads `# directive=value` lines at the very top; the first other line ends them. */
function directives(lines: string[]): { escape: string; errors: ParsedDockerfile['errors'] } {
  let escape = '\\';
  const errors: ParsedDockerfile['errors'] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^#\s*([a-zA-Z]+)\s*=\s*(.*?)\s*$/.exec(lines[i]!);
    if (!m) break;
    if (m[1]!.toLowerCase() !== 'escape') continue;
    if (m[2] === '`' || m[2] === '\\') escape = m[2];
    else errors.push({ line: i + 1, message: `invalid escape directive "${m[2]}"` });
  }
  return { escape, errors };
}

function endsWithEscape(line: string, escape: string): boolean {
  return line.trimEnd().endsWith(escape);
}

const isComment = (line: string): boolean => /^\s*#/.test(line);

/** Heredoc markers of an instruction line: `<<EOF`, `<<-EOF`, `<<"EOF"`, `<<'EOF'`. */
function heredocMarkers(args: string): { name: string; stripTabs: boolean }[] {
  const out: { name: string; stripTabs: boolean }[] = [];
  for (const m of args.matchAll(/<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g)) out.push({ name: m[3]!, stripTabs: m[1] === '-' });
  return out;
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  const { escape, errors } = directives(lines);
  const instructions: Instruction[] = [];
  let i = 0;
  let comments: string[] = [];
  while (i < lines.length) {
    const first = lines[i]!;
    if (first.trim() === '' || isComment(first)) {
      // A blank line ends a comment block: only comments right above an instruction belong to it.
      if (first.trim() === '') comments = [];
      else if (comments.length < 20) comments.push(first.replace(/^\s*#\s?/, ''));
      i++;
      continue;
    }
    if (instructions.length >= MAX_INSTRUCTIONS) {
      errors.push({ line: i + 1, message: `more than ${MAX_INSTRUCTIONS} instructions; the rest was not read` });
      break;
    }
    const start = i;
    let joined = first;
    while (endsWithEscape(joined, escape) && i + 1 < lines.length && joined.length < MAX_INSTRUCTION_CHARS) {
      joined = joined.trimEnd().slice(0, -1);
      i++;
      // Comment lines and (deprecated) blank lines inside a continuation are dropped, as the Docker builder does.
      while (i + 1 < lines.length && (isComment(lines[i]!) || lines[i]!.trim() === '')) i++;
      if (i < lines.length) joined += lines[i]!;
    }
    if (endsWithEscape(joined, escape)) joined = joined.trimEnd().slice(0, -1);
    i++;
    // A line that was only the escape character (with nothing after it) holds no instruction.
    const m = /^\s*(\S+)\s*([\s\S]*)$/.exec(joined);
    if (!m) continue;
    const keyword = m[1]!.toUpperCase();
    const args = m[2]!.trim();
    const heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const marker of heredocMarkers(args)) {
        const body: string[] = [];
        let closed = false;
        while (i < lines.length) {
          const raw = lines[i++]!;
          const l = marker.stripTabs ? raw.replace(/^\t+/, '') : raw;
          if (l === marker.name) {
            closed = true;
            break;
          }
          body.push(l);
        }
        if (!closed) errors.push({ line: start + 1, message: `heredoc <<${marker.name} is never closed` });
        heredocs.push({ name: marker.name, body: body.join('\n') });
      }
    }
    instructions.push({ keyword, args, line: start + 1, endLine: i, heredocs, comments });
    comments = [];
  }
  return { instructions, escape, errors };
}

/** The exec (JSON) form's argv, or `null` for shell form. */
export function execForm(args: string): string[] | null {
  if (!args.startsWith('[')) return null;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((a) => typeof a === 'string') ? (parsed as string[]) : null;
  } catch {
    return null;
  }
}

/** Splits leading `--flag=value` options off an instruction's args. */
export function splitFlags(args: string): { flags: Record<string, string>; rest: string } {
  const flags: Record<string, string> = {};
  let rest = args;
  for (;;) {
    const m = /^--([a-zA-Z-]+)(?:=(\S*))?\s*/.exec(rest);
    if (!m) break;
    flags[m[1]!.toLowerCase()] = m[2] ?? 'true';
    rest = rest.slice(m[0].length);
  }
  return { flags, rest };
}
