// Shows the System Log's times in the viewer's own time zone. The server renders them in UTC, with the exact
// instant in the datetime attribute (and a tooltip), so the page reads correctly without this script.
(() => {
  const full = new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });
  const clock = new Intl.DateTimeFormat(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
  });

  /** Rewrites every <time data-local> (date and time) and <time data-clock> (time of day) under root. */
  function localiseTimes(root) {
    for (const element of root.querySelectorAll('time[data-local], time[data-clock]')) {
      const date = new Date(element.dateTime);
      if (Number.isNaN(date.getTime())) continue;
      element.textContent = (element.hasAttribute('data-clock') ? clock : full).format(date);
      if (!element.title) element.title = date.toISOString();
    }
  }

  localiseTimes(document);
  window.logsLocaliseTimes = localiseTimes;
})();
