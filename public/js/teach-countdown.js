// Ticks the token page's "expires in …" text once a second. The server rendered the starting value; counting from
// the page's load (not the wall clock) keeps it right even when this computer's clock is off.
(() => {
  const elements = document.querySelectorAll('.teach-countdown[data-seconds-left]');
  if (elements.length === 0) return;
  const loadedAt = performance.now();

  function text(seconds) {
    if (seconds <= 0) return 'expired';
    const minutes = Math.floor(seconds / 60);
    const rest = seconds % 60;
    if (minutes >= 60) return `in ${Math.floor(minutes / 60)} h ${minutes % 60} min`;
    return minutes > 0 ? `in ${minutes} min ${rest} s` : `in ${rest} s`;
  }

  function tick() {
    const elapsed = Math.floor((performance.now() - loadedAt) / 1000);
    let running = false;
    for (const element of elements) {
      const left = Math.max(0, Number(element.dataset.secondsLeft) - elapsed);
      element.textContent = text(left);
      if (left > 0) running = true;
    }
    if (!running) clearInterval(timer);
  }

  const timer = setInterval(tick, 1000);
})();
