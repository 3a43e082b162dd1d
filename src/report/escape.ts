/** Workload text is data: everything that reaches HTML goes through here. */
const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

// Control characters (but tab and line breaks) are never meaningful in a report and some
// (NUL) are parse errors in HTML; they are dropped before escaping.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(CONTROL, '').replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** A workload name escaped, with a line-break opportunity after each "/" (`shop/deployment/checkout` wraps between its parts). */
export function escapeName(value: string): string {
  return escapeHtml(value).replace(/\//g, '/<wbr>');
}

const MD_HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

/**
 * Inline Markdown text. HTML characters become entities (GitHub would otherwise render raw
 * tags), the punctuation that can open emphasis, code, links or strikethrough is
 * backslash-escaped (`(` is harmless once `[` is escaped), a pipe cannot split a table cell,
 * and line breaks become spaces so a value cannot start a heading, list or fence.
 */
export function escapeMarkdown(value: unknown): string {
  return String(value ?? '')
    .replace(CONTROL, '')
    .replace(/\r?\n|\r/g, ' ')
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/[&<>]/g, (c) => MD_HTML[c]!);
}

/** A fenced code block whose fence is longer than any backtick run inside, so text cannot close it early. */
export function markdownFence(body: string, info = ''): string {
  const longest = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body.replace(/\n$/, '')}\n${fence}`;
}

// XML 1.0 forbids most C0 controls even as character references; they are dropped.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text in XML (JUnit): escaped, and characters XML cannot carry removed. */
export function escapeXml(value: unknown): string {
  return String(value ?? '')
    .replace(XML_INVALID, '')
    .replace(/[&<>"']/g, (c) => HTML[c]!);
}

/** An XML attribute value: as text, and line breaks kept as references (parsers would fold them to spaces). */
export function escapeXmlAttr(value: unknown): string {
  return escapeXml(value).replace(/\r/g, '&#13;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}
