// Opens an event's detail in place. Without this script each row's "Details" link goes to the detail page; with
// it, the link becomes a disclosure button that fetches the same route's HTML fragment (the server escapes every
// value in it, as in any page) and shows it under the row, without leaving the page. A failure says so in place,
// with the link to the detail page.
(() => {
  const table = document.querySelector('table.logs-table');
  if (!table || typeof fetch !== 'function') return;
  let next = 0;

  function message(region, text, href) {
    const p = document.createElement('p');
    p.className = 'event-detail-error';
    p.setAttribute('role', 'alert');
    const link = document.createElement('a');
    link.href = href;
    link.textContent = 'Open the details as a page';
    p.append(`${text} `, link);
    region.replaceChildren(p);
  }

  async function load(button, region) {
    const href = button.dataset.href;
    button.setAttribute('aria-busy', 'true');
    try {
      const response = await fetch(href, {
        headers: { accept: 'text/html', 'x-fragment': '1' },
        credentials: 'same-origin',
        redirect: 'manual',
      });
      const type = response.headers.get('content-type') || '';
      if (!response.ok || !type.startsWith('text/html')) {
        message(region, `The details could not be loaded (${response.status || 'signed out?'}).`, href);
        return;
      }
      const template = document.createElement('template');
      template.innerHTML = await response.text();
      region.replaceChildren(template.content);
      region.dataset.loaded = 'true';
    } catch {
      message(region, 'The details could not be loaded (network error).', href);
    } finally {
      button.removeAttribute('aria-busy');
    }
  }

  // The link becomes a button; the detail goes into a row of its own under the event's row, hidden until opened.
  function enhance(link) {
    const row = link.closest('tr');
    if (!row) return;
    const region = document.createElement('div');
    region.className = 'event-detail';
    region.id = `event-detail-${++next}`;
    const cell = document.createElement('td');
    cell.colSpan = row.cells.length;
    cell.append(region);
    const detailRow = document.createElement('tr');
    detailRow.className = 'event-more';
    detailRow.hidden = true;
    detailRow.append(cell);
    row.after(detailRow);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'event-toggle';
    button.dataset.href = link.href;
    button.setAttribute('aria-expanded', 'false');
    button.setAttribute('aria-controls', region.id);
    button.append(...link.childNodes);
    link.replaceWith(button);
  }

  for (const link of table.querySelectorAll('a.event-open')) enhance(link);

  table.addEventListener('click', (event) => {
    const button = event.target instanceof Element ? event.target.closest('button.event-toggle') : null;
    if (!button) return;
    const region = document.getElementById(button.getAttribute('aria-controls') || '');
    if (!region) return;
    const open = button.getAttribute('aria-expanded') !== 'true';
    button.setAttribute('aria-expanded', String(open));
    const detailRow = region.closest('tr');
    if (detailRow) detailRow.hidden = !open;
    if (open && region.dataset.loaded !== 'true' && !button.hasAttribute('aria-busy')) load(button, region);
  });
})();
