import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type DetailHref, summarize } from '../../../src/logs/event-view.ts';
import { eventRowHtml, summaryRowHtml } from '../../../src/logs/row-html.ts';
import type { LogEvent } from '../../../src/okta/index.ts';
import { escapeHtml } from '../../../src/text/html.ts';
import { type Cell, visible } from '../../../src/text/visible-text.ts';

const UUID = '3f2504e0-4f89-11d3-9a0c-0305e82c3301';

function typical(): LogEvent {
  return {
    uuid: UUID,
    published: '2024-08-13T15:58:20.353Z',
    severity: 'INFO',
    eventType: 'user.session.start',
    displayMessage: 'User login to Okta',
    actor: { displayName: 'Ada Admin', alternateId: 'ada@example.com' },
    target: [{ displayName: 'Okta Admin Console', type: 'AppInstance' }],
    client: { ipAddress: '198.51.100.7', geographicalContext: { city: 'Lyon', country: 'France' } },
    outcome: { result: 'SUCCESS', reason: 'VERIFIED' },
  };
}

// A link for any uuid (the app's own links only for a UUID), so that a hostile uuid reaches the row too.
const anyLink: DetailHref = (uuid, iso) =>
  `/logs/events/${uuid === UUID ? UUID : 'other'}?range=1h${iso === undefined ? '' : `&at=${iso}`}`;

describe('eventRowHtml', () => {
  test('a typical event: the table row as the row template wrote it', () => {
    assert.equal(
      eventRowHtml(typical(), anyLink).toString(),
      `<tbody class="event">
<tr class="event-row">
<td><time datetime="2024-08-13T15:58:20.353Z" data-local>2024-08-13 15:58:20 UTC</time><a class="event-open" href="/logs/events/${UUID}?range=1h&amp;at=2024-08-13T15:58:20.353Z">Details<span class="visually-hidden"> of event ${UUID}</span></a></td>
<td><span class="badge ">INFO</span></td>
<td><span class="event-message">User login to Okta</span><code class="event-type">user.session.start</code></td>
<td><span class="actor-name">Ada Admin</span><span class="muted actor-id">ada@example.com</span></td>
<td><span class="target">Okta Admin Console <span class="muted">(AppInstance)</span></span></td>
<td><code>198.51.100.7</code><span class="muted">Lyon, France</span></td>
<td><span class="badge badge-ok">SUCCESS</span><span class="muted outcome-reason">VERIFIED</span></td>
</tr>
</tbody>
`,
    );
  });

  test('badges come from fixed lists; more than three targets are counted; long values get a tooltip', () => {
    const event: LogEvent = {
      ...typical(),
      severity: 'ERROR',
      outcome: { result: 'badge-ok' },
      displayMessage: 'm'.repeat(81),
      target: Array.from({ length: 5 }, (_, index) => ({ id: `t${index}`, type: 'User' })),
    };
    const html = summaryRowHtml(event, undefined);
    assert.match(html, /<span class="badge badge-danger">ERROR<\/span>/);
    assert.match(html, /<span class="badge ">badge-ok<\/span><\/td>/);
    assert.match(html, new RegExp(`<span class="event-message" title="${'m'.repeat(81)}">${'m'.repeat(79)}…</span>`));
    assert.equal(html.match(/class="target"/g)?.length, 3);
    assert.match(html, /<span class="muted">\+2 more<\/span>/);
    assert.doesNotMatch(html, /event-open/, 'no detail link without a link maker (the live tail)');
  });

  test('a published value that is not a date is shown as text; a date is shown normalised, in UTC', () => {
    const text = summaryRowHtml({ ...typical(), published: 'yesterday <b>' }, anyLink);
    assert.doesNotMatch(text, /<time/);
    assert.ok(text.includes(`<td>yesterday &lt;b&gt;<a class="event-open" href="/logs/events/${UUID}?range=1h">`));
    // JavaScript's dates roll 30 February over to 1 March; the row shows the instant the value stands for.
    const rolled = summaryRowHtml({ ...typical(), published: '2024-02-30T00:00:00.000Z' }, anyLink);
    assert.match(rolled, /<time datetime="2024-03-01T00:00:00.000Z" data-local>2024-03-01 00:00:00 UTC<\/time>/);
    const offset = summaryRowHtml({ ...typical(), published: '2024-08-13T17:58:20+02:00' }, anyLink);
    assert.match(offset, /<time datetime="2024-08-13T15:58:20.000Z" data-local>2024-08-13 15:58:20 UTC<\/time>/);
    const leap = summaryRowHtml({ ...typical(), published: '2024-02-29T23:59:59.999Z' }, anyLink);
    assert.match(leap, /<time datetime="2024-02-29T23:59:59.999Z" data-local>2024-02-29 23:59:59 UTC<\/time>/);
  });
});

/** Every place a row prints text from the event (or from its detail link), as a path into the event. */
const FIELDS: readonly (readonly (string | number)[])[] = [
  ['uuid'],
  ['published'],
  ['severity'],
  ['eventType'],
  ['displayMessage'],
  ['actor', 'displayName'],
  ['actor', 'alternateId'],
  ['target', 0, 'displayName'],
  ['target', 1, 'alternateId'],
  ['target', 2, 'id'],
  ['target', 0, 'type'],
  ['client', 'ipAddress'],
  ['client', 'geographicalContext', 'city'],
  ['client', 'geographicalContext', 'state'],
  ['client', 'geographicalContext', 'country'],
  ['outcome', 'result'],
  ['outcome', 'reason'],
];

function withValue(path: readonly (string | number)[], value: string): LogEvent {
  const event = structuredClone({
    ...typical(),
    // Targets 1 and 2 name themselves by login and by id (no display name), so those are printed too.
    target: [{ displayName: 'T0', type: 'User' }, { alternateId: 't1@example.com', type: 'User' }, { id: 't2' }],
  }) as Record<string | number, unknown>;
  let at = event;
  for (const key of path.slice(0, -1)) at = at[key] as Record<string | number, unknown>;
  at[path.at(-1) as string | number] = value;
  return event as LogEvent;
}

const count = (text: string, pattern: RegExp) => text.match(pattern)?.length ?? 0;

describe('hostile text in every field of a row', () => {
  const payloads = [
    `"><script>alert(1)</script><img src=x onerror=alert(2)>'&amp;`,
    // Long: cut for the cell, whole in the tooltip attribute.
    `" onmouseover="alert(1)" x='<svg onload=alert(1)>'${'&<>"\''.repeat(60)}`,
    // Invisible and direction-changing characters, and a lone surrogate.
    'a\u202Eb\u0000c\r\n\u001B[31m\u2066d\uD800e<',
  ];
  for (const path of FIELDS) {
    test(path.join('.'), () => {
      for (const payload of payloads) {
        // A harmless value of the same shape (as many code points once made visible), so that the same cuts and
        // tooltips apply: the hostile row must have exactly its tags and quotes, none from the data.
        const benign = eventRowHtml(withValue(path, 'x'.repeat(Array.from(visible(payload)).length)), anyLink);
        const html = eventRowHtml(withValue(path, payload), anyLink).toString();
        assert.equal(count(html, /</g), count(String(benign), /</g), 'no tag from the data');
        assert.equal(count(html, />/g), count(String(benign), />/g), 'no tag end from the data');
        assert.equal(count(html, /"/g), count(String(benign), /"/g), 'no quote from the data');
        assert.equal(count(html, /'/g), 0, 'no apostrophe from the data');
        assert.doesNotMatch(html, /&(?!amp;|lt;|gt;|quot;|#39;)/, 'every & from the data is escaped');
        assert.doesNotMatch(html.replaceAll('\n', ''), /[\p{Cc}\u202E\u2066\uD800-\uDFFF]/u, 'nothing invisible');
      }
    });
  }

  test('a hostile detail link is escaped too', () => {
    const html = eventRowHtml(typical(), () => `/x?a="><script>alert(1)</script>&b='`).toString();
    assert.ok(html.includes('href="/x?a=&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;&amp;b=&#39;"'));
  });
});

describe('the row and the live tail agree', () => {
  test("every value of an event's summary (what the live tail sends) is in its row, escaped, with its tooltip", () => {
    const events: LogEvent[] = [typical()];
    for (const path of FIELDS) events.push(withValue(path, `${'<&"\'>'.repeat(30)}\u202E`));
    for (const event of events) {
      const html = summaryRowHtml(event, undefined);
      const summary = summarize(event);
      const cells: Cell[] = [
        summary.eventType,
        summary.message,
        summary.actor.name,
        summary.actor.id,
        ...summary.targets.flatMap((target) => [target.name, { text: `(${target.type.text})` }]),
        summary.ip,
        summary.location,
        summary.outcome.reason,
        { text: summary.time },
        { text: summary.severity.text },
        { text: summary.outcome.text },
      ];
      for (const value of cells) {
        assert.ok(html.includes(escapeHtml(value.text)), value.text);
        if (value.full) assert.ok(html.includes(` title="${escapeHtml(value.full)}"`), value.full);
      }
      assert.ok(html.includes(`<span class="badge ${summary.severity.badge}">`));
      assert.ok(html.includes(`<span class="badge ${summary.outcome.badge}">`));
    }
  });
});
