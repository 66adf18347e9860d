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

  // The live queue: the server sends the list again (rendered by the same
  // function as the page, every text escaped there) whenever the pending
  // reviews change. The stream ends every minute and EventSource reconnects.
  const live = document.querySelector('[data-live]');
  if (live && typeof EventSource === 'function') {
    const status = document.querySelector('[data-live-status]');
    const count = document.querySelector('[data-live-count]');
    const say = (text) => {
      if (status) status.textContent = text;
    };
    const source = new EventSource(live.getAttribute('data-live'));
    source.addEventListener('open', () => say('Live: new reviews appear as they arrive.'));
    source.addEventListener('queue', (event) => {
      const data = JSON.parse(event.data);
      const before = new Set([...live.querySelectorAll('tr[data-review]')].map((row) => row.getAttribute('data-review')));
      const next = new DOMParser().parseFromString(data.html, 'text/html').body;
      live.replaceChildren(...next.childNodes);
      for (const row of live.querySelectorAll('tr[data-review]')) {
        if (!before.has(row.getAttribute('data-review'))) row.classList.add('arrived');
      }
      if (count) count.textContent = data.count;
      document.title = `${data.count === '0' ? '' : `(${data.count}) `}Reviews · Countersign`;
    });
    source.addEventListener('error', () => {
      say(source.readyState === EventSource.CLOSED ? 'Live updates stopped: reload the page to see new reviews.' : 'Reconnecting for live updates…');
    });
  }

  // Shortcuts on a pending review: a, e and r go to Approve, the edited reply
  // and the reject reason. None of them decides anything: the decision is the
  // button's (Enter or a click), with whatever the form asks for first.
  const formFor = (decision) => document.querySelector(`form input[name="decision"][value="${decision}"]`)?.form ?? null;
  const approve = formFor('approve');
  const edit = formFor('edit');
  const reject = formFor('reject');
  if (approve || edit || reject) {
    const targets = {
      a: [approve?.querySelector('button[type="submit"]:not([disabled])'), 'Approve'],
      e: [edit?.querySelector('textarea'), 'Edit'],
      r: [reject?.querySelector('input[name="reason"], textarea[name="reason"], textarea'), 'Reject'],
    };
    const hint = document.createElement('p');
    hint.className = 'shortcuts muted';
    hint.setAttribute('data-shortcuts', '');
    hint.append('Keyboard: ');
    for (const [key, [target, label]] of Object.entries(targets)) {
      if (!target) continue;
      const kbd = document.createElement('kbd');
      kbd.textContent = key;
      hint.append(kbd, ` ${label === 'Approve' ? 'go to Approve (Enter approves)' : label === 'Edit' ? 'edit the reply' : 'reject (reason first)'} · `);
    }
    hint.append('ignored while typing in a field.');
    (document.querySelector('section.decide h2') ?? document.querySelector('main h1'))?.after(hint);

    document.addEventListener('keydown', (event) => {
      if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
      const active = document.activeElement;
      if (active instanceof HTMLElement && (active.isContentEditable || active.matches('input, textarea, select'))) return;
      const [target] = targets[event.key.toLowerCase()] ?? [];
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: 'center' });
      target.focus();
      if (target instanceof HTMLTextAreaElement) target.setSelectionRange(target.value.length, target.value.length);
    });
  }
})();
