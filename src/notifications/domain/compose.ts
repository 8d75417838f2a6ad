import { type IndicatorKind, isPercentageKind } from '../../contracts/domain/contract.types';
import type { NotificationEvent } from './events';
import type {
  ChronicPayload,
  OutboxRecord,
  PeriodText,
  ReminderPayload,
  StatementPayload,
} from '../../outbox/outbox.events';
import { comparisonText, figureText, localDate, localTime, money, targetText } from './format';
import { headerText } from './headers';
import { escapeHtml, render, type Vars } from './render';

/** What the sender knows about the contract when it sends (its current version). */
export interface MailContract {
  id: string;
  key: string;
  title: string;
  vendor: string;
  timezone: string;
  objectives: ReadonlyArray<{
    key: string;
    title: string;
    responsible: string;
    severity: string;
    kind: IndicatorKind;
  }>;
  deliverables: ReadonlyArray<{ key: string; title: string; responsible: string }>;
}

/** The breach a mail is about, as stored. */
export interface MailBreach {
  id: string;
  objective: string | null;
  deliverable: string | null;
  severity: string;
  periodLabel: string;
  periodStart: string;
  periodEnd: string;
  openedAt: string;
  attainmentAtOpen: number | null;
  target: number | null;
  op: string | null;
  /** A deliverable's due instant. */
  due: string | null;
}

export type MailInput = OutboxRecord & {
  contract: MailContract;
  breach?: MailBreach;
  publicUrl: string;
};

export interface EventTemplates {
  subject: string;
  text: string;
  html: string;
}

export interface MailTemplates {
  layoutText: string;
  layoutHtml: string;
  events: Record<NotificationEvent, EventTemplates>;
}

/** Where an event's own part goes in the layout (a line no placeholder can produce). */
export const EVENT_SLOT = '{{>event}}';

/** The facts of one event that the mail shows, read from its typed payload. */
interface Facts {
  item: string;
  isDeliverable: boolean;
  title?: string;
  kind?: string;
  period?: PeriodText | string;
  attainment?: number | null;
  target?: number;
  op?: string;
  due?: string;
  deliveredAt?: string | null;
  breachId?: string;
  responsible?: string;
  severity?: string;
  contract?: string;
  vendor?: string;
  statement?: StatementPayload;
  chronic?: ChronicPayload;
  reminder?: ReminderPayload;
}

function factsOf(e: OutboxRecord): Facts {
  switch (e.event) {
    case 'breach.opened':
    case 'breach.resolved':
    case 'objective.at_risk':
    case 'deliverable.due_soon': {
      const p = e.payload;
      return 'deliverable' in p
        ? { ...p, item: p.deliverable, isDeliverable: true }
        : { ...p, item: p.objective, isDeliverable: false };
    }
    case 'breach.reminder':
      return { ...e.payload, item: '', isDeliverable: false, reminder: e.payload };
    case 'period.statement':
      return { ...e.payload, item: '', isDeliverable: false, statement: e.payload };
    case 'contract.chronic_breach':
      return { ...e.payload, item: e.payload.objective, isDeliverable: false, chronic: e.payload };
  }
}

/** Every fact a template may show, as text ('' when the event has none). */
export function mailVars(input: MailInput): Vars {
  const { event, contract: c, breach: b } = input;
  const f = factsOf(input);
  const zone = c.timezone;
  const itemKey = f.item || b?.objective || b?.deliverable || '';
  const objective = c.objectives.find((o) => o.key === itemKey);
  const deliverable = c.deliverables.find((d) => d.key === itemKey);
  const isDeliverable = f.isDeliverable || (b?.deliverable ?? null) !== null;
  const kind = (f.kind || objective?.kind || 'ratio') as IndicatorKind;
  const pct = isPercentageKind(kind);
  const period = typeof f.period === 'object' ? f.period : undefined;
  const periodLabel = period?.label || (typeof f.period === 'string' ? f.period : '') || b?.periodLabel || '';
  const periodStart = period?.start || b?.periodStart || '';
  const periodEnd = period?.end || b?.periodEnd || '';
  // A reminder carries no figures of its own: it repeats those the breach opened with.
  const attainment = event === 'breach.reminder' ? (b?.attainmentAtOpen ?? null) : (f.attainment ?? null);
  const target = f.target ?? b?.target ?? null;
  const op = f.op || b?.op || '';
  const due = f.due || b?.due || '';
  const deliveredAt = f.deliveredAt ?? '';
  const breachId = f.breachId || b?.id || '';
  const version = f.statement?.version ?? 1;
  const credit = f.statement?.credit;
  const rule = f.chronic?.rule;

  let summary = '';
  if (f.chronic)
    summary = `breached in ${f.chronic.breachedPeriods} of the last ${f.chronic.rule.periods} periods`;
  else if (isDeliverable) {
    if (event === 'deliverable.due_soon') summary = `due ${localTime(due, zone)}`;
    else if (deliveredAt) summary = `delivered late, ${localDate(deliveredAt, zone)}`;
    else summary = `not delivered, due ${localDate(due, zone)}`;
  } else if (attainment !== null && target !== null && op) {
    summary = comparisonText(attainment, op, target, pct);
  } else if (event !== 'period.statement') summary = 'no data';

  const base = input.publicUrl;
  let link = `${base}/api/v1/contracts/${encodeURIComponent(c.key)}/status`;
  if (breachId) link = `${base}/api/v1/breaches/${breachId}`;
  else if (event === 'period.statement')
    link = `${base}/api/v1/contracts/${encodeURIComponent(c.key)}/statements/${encodeURIComponent(periodLabel)}${version > 1 ? `?version=${version}` : ''}`;

  const finite = (v: number | null | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const creditPercent = finite(credit?.percent);
  const creditAmount = finite(credit?.amount);
  const openedAt = f.reminder?.openedAt || b?.openedAt || '';
  return {
    contract: f.contract || c.key,
    contractTitle: c.title,
    vendor: f.vendor || c.vendor,
    item: itemKey,
    measured: isDeliverable
      ? `${f.title || deliverable?.title || itemKey} (deliverable)`
      : itemKey
        ? `${f.title || objective?.title || itemKey} (${kind})`
        : '',
    summary,
    target: isDeliverable
      ? due
        ? `delivered by ${localTime(due, zone)}`
        : ''
      : target !== null && op
        ? targetText(op, target, pct)
        : '',
    attainment: isDeliverable
      ? deliveredAt
        ? `delivered ${localTime(deliveredAt, zone)}`
        : event === 'deliverable.due_soon'
          ? 'not delivered yet'
          : 'not delivered'
      : attainment !== null
        ? figureText(attainment, pct)
        : itemKey && event !== 'contract.chronic_breach'
          ? 'no data'
          : '',
    period: periodLabel,
    periodTag: periodLabel ? ` (${periodLabel})` : '',
    periodText:
      periodStart && periodEnd
        ? `${periodLabel}, ${localTime(periodStart, zone)} to ${localTime(periodEnd, zone)}`
        : periodLabel,
    responsible: f.responsible || objective?.responsible || deliverable?.responsible || '',
    severity: f.severity || b?.severity || (isDeliverable ? '' : (objective?.severity ?? '')),
    breachId,
    link,
    reminder: f.reminder ? String(f.reminder.reminder) : '',
    openedAt: event === 'breach.reminder' && openedAt ? localTime(openedAt, zone) : '',
    credit:
      creditPercent === null
        ? ''
        : `${creditPercent}% of the period fee${creditAmount !== null ? `, ${money(creditAmount, credit?.currency || undefined)}` : ''}${credit?.capped === true ? ' (capped)' : ''}`,
    rule: rule ? `${rule.breaches} breached periods within ${rule.periods}` : '',
    restated: version > 1 ? ` (restated, v${version})` : '',
    reason: f.statement?.restatement ?? '',
    sha256: f.statement?.sha256 ?? '',
  };
}

export interface ComposedMail {
  subject: string;
  text: string;
  html: string;
}

/** Subject and both bodies of one event, from the template files. */
export function composeMail(input: MailInput, templates: MailTemplates): ComposedMail {
  const vars = mailVars(input);
  const t = templates.events[input.event];
  const text = render(templates.layoutText, vars).replace(EVENT_SLOT, render(t.text, vars).trim());
  const html = render(templates.layoutHtml, vars, escapeHtml).replace(
    EVENT_SLOT,
    render(t.html, vars, escapeHtml).trim(),
  );
  return { subject: headerText(render(t.subject, vars)), text: `${text.trim()}\n`, html };
}
