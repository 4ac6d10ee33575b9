// The live tail: listens to the server's event stream and puts new events on top of the table. Every value is
// set with textContent (never as HTML), and class names come from a fixed list, whatever the data says.
(() => {
  const bar = document.getElementById('follow');
  const body = document.getElementById('follow-events');
  if (!bar || !body || typeof EventSource !== 'function') return;
  const status = document.getElementById('follow-status');
  const newer = document.getElementById('follow-newer');
  const toggle = document.getElementById('follow-toggle');
  const budgetLine = document.querySelector('.budget');
  const BADGES = new Set(['badge-ok', 'badge-warn', 'badge-danger']);
  const LEVELS = new Set(['ok', 'low', 'out']);
  const MAX_ROWS = 500;
  const streamUrl = new URL(bar.dataset.stream || '', window.location.href);
  let source;
  let lastId = '';

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = String(text);
    return node;
  }

  function cell(tag, className, value) {
    const node = element(tag, className, value?.text ?? '');
    if (value?.full) node.title = String(value.full);
    return node;
  }

  function badge(value) {
    const node = element('span', 'badge', value?.text ?? '');
    if (BADGES.has(value?.badge)) node.classList.add(value.badge);
    return node;
  }

  function td(className, ...children) {
    const node = element('td', className);
    node.append(...children);
    return node;
  }

  function row(event) {
    const tr = element('tr', 'event-row follow-new');
    let time = element('span', '', event.time);
    if (event.iso) {
      time = element('time', '', event.time);
      time.dateTime = String(event.iso);
      time.title = String(event.iso);
      time.setAttribute('data-local', '');
    }
    const targets = (event.targets ?? []).map((target) => {
      const span = element('span', 'target');
      span.append(cell('span', '', target.name), ' ', element('span', 'muted', `(${target.type?.text ?? ''})`));
      return span;
    });
    if (event.moreTargets > 0) targets.push(element('span', 'muted', `+${event.moreTargets} more`));
    const outcome = [badge(event.outcome)];
    if (event.outcome?.reason?.text) outcome.push(cell('span', 'muted outcome-reason', event.outcome.reason));
    tr.append(
      td('col-time', time),
      td('', badge(event.severity)),
      td('col-event', cell('span', 'event-message', event.message), cell('code', 'event-type', event.eventType)),
      td('col-actor', cell('span', 'actor-name', event.actor?.name), cell('span', 'muted actor-id', event.actor?.id)),
      td('col-targets', ...targets),
      td('col-client', cell('code', '', event.ip), cell('span', 'muted', event.location)),
      td('col-outcome', ...outcome),
    );
    return tr;
  }

  function clock(iso) {
    const date = new Date(iso);
    return Number.isNaN(date.getTime()) ? '' : date.toLocaleTimeString();
  }

  function say(text) {
    status.textContent = text;
  }

  function showBudget(budget) {
    if (!budget || !budgetLine) return;
    budgetLine.classList.remove('budget-ok', 'budget-low', 'budget-out');
    if (LEVELS.has(budget.level)) budgetLine.classList.add(`budget-${budget.level}`);
    // A reset that is due reads as the server's words ("now"), never as a clock time already gone by.
    const reset = budget.resetDue ? budget.resetText : `at ${clock(budget.resetIso)}`;
    budgetLine.textContent = `Okta rate budget: ${budget.remaining} of ${budget.limit} calls left this minute, resets ${reset}.`;
  }

  function stop(message) {
    if (source) source.close();
    source = undefined;
    toggle.textContent = 'Resume';
    if (message) say(message);
  }

  function start() {
    if (lastId) streamUrl.searchParams.set('page', lastId);
    source = new EventSource(streamUrl.href);
    toggle.textContent = 'Pause';
    say('Connecting…');
    source.addEventListener('ready', () => say('Following: waiting for new events…'));
    source.addEventListener('events', (message) => {
      if (message.lastEventId) lastId = message.lastEventId;
      const data = JSON.parse(message.data);
      document.getElementById('follow-empty')?.remove();
      for (const event of data.events ?? []) {
        const tr = row(event);
        body.prepend(tr);
        window.logsLocaliseTimes?.(tr);
      }
      while (body.rows.length > MAX_ROWS) body.deleteRow(-1);
    });
    source.addEventListener('status', (message) => {
      const data = JSON.parse(message.data);
      showBudget(data.budget);
      say(
        data.paused
          ? `Paused: Okta's rate budget is used up. The next poll is at ${clock(data.nextPollAt)}.`
          : `Following. Next poll at ${clock(data.nextPollAt)}.`,
      );
    });
    source.addEventListener('problem', (message) => {
      const data = JSON.parse(message.data);
      stop(`${data.title}. ${data.whatHappened} ${data.whatToDo}`);
    });
    source.addEventListener('end', () => stop('The live tail stopped after its time limit. Press Resume to go on.'));
    source.addEventListener('error', () => {
      if (source && source.readyState === EventSource.CLOSED) stop('The connection to the server closed.');
      else if (source) say('Reconnecting…');
    });
  }

  toggle.hidden = false;
  newer.hidden = true;
  toggle.addEventListener('click', () => {
    if (source) stop('Paused. No Okta calls are made while paused.');
    else start();
  });
  start();
})();
