/**
 * The System Log table's row as HTML, written by code rather than by the template engine: a page renders a
 * hundred or a thousand of these, and building each row's summary object and running a template over it cost more
 * than the rest of the page. The markup is what `summarize` describes (see event-view.ts): every value that comes
 * from the event is made visible and cut for its cell exactly as there, then HTML-escaped with the templates' own
 * `escapeHtml`; class names come from fixed lists, never from the data.
 */
import type { LogEvent } from '../okta/index.ts';
import { escapeHtml, type Html, renderedHtml } from '../text/html.ts';
import { type Cell, cell, textOf, visible } from '../text/visible-text.ts';
import {
  type DetailHref,
  entities,
  OUTCOME_BADGES,
  publishedTime,
  record,
  SEVERITY_BADGES,
  TARGETS_SHOWN,
  targetName,
} from './event-view.ts';

/** ` title="…"` for a cell that was cut, else nothing. */
function tooltip(value: Cell): string {
  return value.full ? ` title="${escapeHtml(value.full)}"` : '';
}

/**
 * One event's `<tr class="event-row">`, without a detail link when `detailHref` is undefined (the live tail). The
 * same row the table and the live tail show; the table wraps each in its own `<tbody class="event">` (see
 * `eventRowHtml`).
 */
export function summaryRowHtml(event: LogEvent, detailHref: DetailHref | undefined): string {
  const { iso, time } = publishedTime(event.published);
  const actor = record(event.actor);
  const client = record(event.client);
  const geo = record(client.geographicalContext);
  const outcome = record(event.outcome);
  const severity = textOf(event.severity);
  const result = textOf(outcome.result);

  let when =
    iso === undefined ? escapeHtml(time) : `<time datetime="${escapeHtml(iso)}" data-local>${escapeHtml(time)}</time>`;
  const href = detailHref?.(event.uuid, iso);
  if (href !== undefined) {
    const uuid = escapeHtml(visible(textOf(event.uuid)));
    when += `<a class="event-open" href="${escapeHtml(href)}">Details<span class="visually-hidden"> of event ${uuid}</span></a>`;
  }

  const message = cell(event.displayMessage, 80);
  const eventType = cell(event.eventType, 60);
  const actorName = cell(actor.displayName, 40);
  const actorId = cell(actor.alternateId, 40);

  const targets = entities(event.target);
  let targetCells = '';
  for (let index = 0; index < targets.length && index < TARGETS_SHOWN; index++) {
    const target = targets[index] as (typeof targets)[number];
    const name = cell(targetName(target), 40);
    const shown = name.full
      ? `<span title="${escapeHtml(name.full)}">${escapeHtml(name.text)}</span>`
      : escapeHtml(name.text);
    targetCells += `<span class="target">${shown} <span class="muted">(${escapeHtml(cell(target.type, 24).text)})</span></span>`;
  }
  if (targets.length > TARGETS_SHOWN)
    targetCells += `<span class="muted">+${targets.length - TARGETS_SHOWN} more</span>`;

  const ip = cell(client.ipAddress, 45);
  const place = [geo.city, geo.state, geo.country].map(textOf).filter((part) => part !== '');
  const location = cell(place.join(', '), 40);
  const reason = cell(outcome.reason, 60);
  const reasonCell = reason.text
    ? `<span class="muted outcome-reason"${tooltip(reason)}>${escapeHtml(reason.text)}</span>`
    : '';

  return `<tr class="event-row">
<td>${when}</td>
<td><span class="badge ${SEVERITY_BADGES[severity] ?? ''}">${escapeHtml(visible(severity))}</span></td>
<td><span class="event-message"${tooltip(message)}>${escapeHtml(message.text)}</span><code class="event-type"${tooltip(eventType)}>${escapeHtml(eventType.text)}</code></td>
<td><span class="actor-name"${tooltip(actorName)}>${escapeHtml(actorName.text)}</span><span class="muted actor-id"${tooltip(actorId)}>${escapeHtml(actorId.text)}</span></td>
<td>${targetCells}</td>
<td><code${tooltip(ip)}>${escapeHtml(ip.text)}</code><span class="muted"${tooltip(location)}>${escapeHtml(location.text)}</span></td>
<td><span class="badge ${OUTCOME_BADGES[result] ?? ''}">${escapeHtml(visible(result))}</span>${reasonCell}</td>
</tr>
`;
}

/** The table's row of one event: its own `<tbody class="event">` (the detail opens under it, see logs-detail.js). */
export function eventRowHtml(event: LogEvent, detailHref: DetailHref): Html {
  return renderedHtml(`<tbody class="event">\n${summaryRowHtml(event, detailHref)}</tbody>\n`);
}
