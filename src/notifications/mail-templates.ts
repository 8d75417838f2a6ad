import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectPath } from '../common/project-root';
import { NOTIFICATION_EVENTS } from './domain/events';
import { EVENT_SLOT, type EventTemplates, type MailTemplates } from './domain/compose';
import { splitSubject } from './domain/render';

export const TEMPLATE_DIR = projectPath('templates', 'mail');

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
