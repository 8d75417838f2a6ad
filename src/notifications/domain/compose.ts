import { type IndicatorKind, isPercentageKind } from '../../contracts/domain/contract.types';
import type { NotificationEvent } from './events';
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

export interface MailInput {
  event: NotificationEvent;
  payload: Record<string, unknown>;
  contract: MailContract;
  breach?: MailBreach;
  publicUrl: string;
}

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

const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/** Every fact a template may show, as text ('' when the event has none). */
export function mailVars(input: MailInput): Vars {
  const { event, payload: p, contract: c, breach: b } = input;
  const zone = c.timezone;
  const itemKey = str(p.objective) || str(p.deliverable) || b?.objective || b?.deliverable || '';
  const objective = c.objectives.find((o) => o.key === itemKey);
  const deliverable = c.deliverables.find((d) => d.key === itemKey);
  const isDeliverable = str(p.deliverable) !== '' || (b?.deliverable ?? null) !== null;
  const kind = (str(p.kind) || objective?.kind || 'ratio') as IndicatorKind;
  const pct = isPercentageKind(kind);
  const period = obj(p.period);
  const periodLabel = str(period.label) || str(p.period) || b?.periodLabel || '';
  const periodStart = str(period.start) || b?.periodStart || '';
  const periodEnd = str(period.end) || b?.periodEnd || '';
  // A reminder carries no figures of its own: it repeats those the breach opened with.
  const attainment = event === 'breach.reminder' ? (b?.attainmentAtOpen ?? null) : num(p.attainment);
  const target = num(p.target) ?? b?.target ?? null;
  const op = str(p.op) || b?.op || '';
  const due = str(p.due) || b?.due || '';
  const deliveredAt = str(p.deliveredAt);
  const breachId = str(p.breachId) || b?.id || '';
  const version = num(p.version) ?? 1;
  const credit = obj(p.credit);
  const rule = obj(p.rule);

  let summary = '';
  if (event === 'contract.chronic_breach')
    summary = `breached in ${str(p.breachedPeriods)} of the last ${str(rule.periods)} periods`;
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

  const creditPercent = num(credit.percent);
  const creditAmount = num(credit.amount);
  return {
    contract: str(p.contract) || c.key,
    contractTitle: c.title,
    vendor: str(p.vendor) || c.vendor,
    item: itemKey,
    measured: isDeliverable
      ? `${str(p.title) || deliverable?.title || itemKey} (deliverable)`
      : itemKey
        ? `${str(p.title) || objective?.title || itemKey} (${kind})`
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
    responsible: str(p.responsible) || objective?.responsible || deliverable?.responsible || '',
    severity: str(p.severity) || b?.severity || (isDeliverable ? '' : (objective?.severity ?? '')),
    breachId,
    link,
    reminder: event === 'breach.reminder' ? str(p.reminder) : '',
    openedAt:
      event === 'breach.reminder' && (str(p.openedAt) || b?.openedAt)
        ? localTime(str(p.openedAt) || (b?.openedAt ?? ''), zone)
        : '',
    credit:
      creditPercent === null
        ? ''
        : `${creditPercent}% of the period fee${creditAmount !== null ? `, ${money(creditAmount, str(credit.currency) || undefined)}` : ''}${credit.capped === true ? ' (capped)' : ''}`,
    rule:
      event === 'contract.chronic_breach'
        ? `${str(rule.breaches)} breached periods within ${str(rule.periods)}`
        : '',
    restated: version > 1 ? ` (restated, v${version})` : '',
    reason: str(p.restatement),
    sha256: str(p.sha256),
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
