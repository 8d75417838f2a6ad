import { Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { NOTIFICATION_EVENTS } from './domain/events';
import { EVENT_SLOT, type EventTemplates, type MailTemplates } from './domain/compose';
import { splitSubject } from './domain/render';

/** The project folder (holding package.json), from src/ under ts-jest or dist/src/ when built. */
function projectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error(`No package.json above ${from}`);
    dir = up;
  }
  return dir;
}

export const TEMPLATE_DIR = join(projectRoot(__dirname), 'templates', 'mail');

/** Reads `templates/mail/` once: a layout per format and, per event, a subject with a text and HTML part. */
export function loadMailTemplates(dir = TEMPLATE_DIR): MailTemplates {
  const read = (name: string) => readFileSync(join(dir, name), 'utf8');
  const layoutText = read('layout.txt');
  const layoutHtml = read('layout.html');
  for (const [name, layout] of [
    ['layout.txt', layoutText],
    ['layout.html', layoutHtml],
  ]) {
    if (!layout.includes(EVENT_SLOT)) throw new Error(`${name} has no ${EVENT_SLOT} line`);
  }
  const events = {} as Record<(typeof NOTIFICATION_EVENTS)[number], EventTemplates>;
  for (const event of NOTIFICATION_EVENTS) {
    const { subject, body } = splitSubject(read(`${event}.txt`));
    events[event] = { subject, text: body, html: read(`${event}.html`) };
  }
  return { layoutText, layoutHtml, events };
}

/** The templates as a provider, read at start-up so a missing file stops the service at once. */
@Injectable()
export class MailTemplatesProvider {
  readonly templates: MailTemplates = loadMailTemplates();
}
