export type Vars = Record<string, string>;

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Fills `{{name}}` placeholders. A line whose placeholders are all empty is dropped, so a template
 * lists every fact once and a mail shows the ones the event has. An unknown name throws: a template
 * typo fails the tests instead of mailing "{{atainment}}".
 */
export function render(template: string, vars: Vars, escape: (s: string) => string = (s) => s): string {
  const out: string[] = [];
  for (const line of template.split('\n')) {
    const names = [...line.matchAll(PLACEHOLDER)].map((m) => m[1]);
    for (const name of names) {
      if (!(name in vars)) throw new Error(`Unknown mail template placeholder {{${name}}}`);
    }
    if (names.length > 0 && names.every((name) => vars[name] === '')) continue;
    out.push(line.replace(PLACEHOLDER, (_, name: string) => escape(vars[name])));
  }
  return out.join('\n');
}

/** A template file: a `Subject:` line, a blank line, then the body. */
export function splitSubject(file: string): { subject: string; body: string } {
  const match = /^Subject: (.*)\r?\n\r?\n([\s\S]*)$/.exec(file);
  if (!match) throw new Error('A mail template starts with "Subject: …" and a blank line');
  return { subject: match[1], body: match[2] };
}
