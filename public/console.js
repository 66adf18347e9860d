// Countersign review console: small comforts only. Every page works without
// this file; forms post and redirect on their own.
(() => {
  // A second click on a decision would only be refused as "already decided"; spare the round trip.
  document.addEventListener('submit', (event) => {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
    setTimeout(() => {
      for (const button of form.querySelectorAll('button[type="submit"]')) button.disabled = true;
    }, 0);
  });
  // The queue refreshes itself while nobody is typing in this tab.
  const list = document.querySelector('[data-refresh]');
  if (list) {
    const seconds = Number(list.getAttribute('data-refresh')) || 30;
    setInterval(() => {
      if (document.visibilityState === 'visible' && !document.activeElement?.matches('input, textarea, select')) location.reload();
    }, seconds * 1000);
  }
})();
