/*! Countersign web chat widget. One <script src=".../widget.js" data-channel="web"> adds it; see docs/web-chat.md. */
(() => {
  // Every string the visitor sees, in one place for translation.
  const STRINGS = {
    title: 'Help',
    open: 'Open chat',
    close: 'Close chat',
    log: 'Conversation',
    welcome: 'Hi! Ask a question and we will answer from our help articles.',
    inputLabel: 'Your message',
    placeholder: 'Type your question\u2026',
    send: 'Send',
    you: 'You',
    bot: 'Assistant',
    staff: 'From the support team',
    inReplyTo: 'In reply to: ',
    preview: 'Staff preview',
    sources: 'Sources',
    feedback: 'Was this helpful?',
    helpful: 'Yes',
    notHelpful: 'No',
    thanks: 'Thanks for your feedback!',
    typing: 'Checking our help articles\u2026',
    notAvailable: 'Chat is not available yet. Please check back soon.',
    badPreview: 'This preview key is not valid.',
    sending: 'Sending\u2026',
    notSent: 'Not sent.',
    retry: 'Try again',
    offline: 'Connection lost. Trying to reconnect\u2026',
    notAllowed: 'Chat is not set up for this site yet. Site owner: add {origin} to WEB_ALLOWED_ORIGINS (see the browser console).',
    tooLong: 'That message is too long. Please shorten it and send it again.',
    rateLimited: 'You are sending messages quickly. Please wait {seconds} seconds and try again.',
    historyFull: 'This conversation has reached its limit.',
    newChat: 'Start a new conversation',
    failed: 'Something went wrong. Please try again.',
  };

  const script = document.currentScript || document.querySelector('script[src*="widget.js"]');
  if (!script || document.querySelector('countersign-chat')) return;
  const data = script.dataset;
  const api = (data.api || new URL(script.src, location.href).origin).replace(/\/+$/, '');
  const channel = data.channel || 'web';
  const pageMode = data.mode === 'page';
  const storeKey = `countersign:${api}:${channel}`;

  const CSS = `
:host{all:initial}
.launcher,.panel{all:initial;box-sizing:border-box;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--cs-fg)}
:host{--cs-bg:#fff;--cs-fg:#1d1f23;--cs-muted:#555b66;--cs-line:#d5d9e0;--cs-bot:#f0f2f5;--cs-accent:#2454c4;--cs-on-accent:#fff;--cs-link:#1d4fbf;--cs-warn-bg:#fff4d6;--cs-warn-fg:#5c3d00;--cs-err-bg:#fdeaea;--cs-err-fg:#8a1c1c}
:host([data-scheme=dark]){--cs-bg:#17191d;--cs-fg:#eceef2;--cs-muted:#a7adb8;--cs-line:#3a3f4a;--cs-bot:#262a31;--cs-accent:#8fb1ff;--cs-on-accent:#0b1020;--cs-link:#9dbcff;--cs-warn-bg:#3b3014;--cs-warn-fg:#ffe2a3;--cs-err-bg:#401d1d;--cs-err-fg:#ffc2c2}
*,::before,::after{box-sizing:inherit}
[hidden]{display:none!important}
button,textarea{font:inherit;color:inherit}
button{cursor:pointer}
:focus-visible{outline:2px solid var(--cs-accent);outline-offset:2px}
.launcher{position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;background:var(--cs-accent);color:var(--cs-on-accent);display:grid;place-items:center;cursor:pointer;box-shadow:0 4px 14px #0004}
.launcher.unread::after{content:"";position:absolute;top:2px;right:2px;width:14px;height:14px;border-radius:50%;background:#d93036;border:2px solid #fff}
svg{width:24px;height:24px;fill:currentColor}
.panel{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 108px));display:flex;flex-direction:column;background:var(--cs-bg);border:1px solid var(--cs-line);border-radius:14px;overflow:hidden;box-shadow:0 10px 40px #0004}
:host([data-mode=page]) .panel{inset:0;width:auto;height:auto;border:0;border-radius:0;box-shadow:none}
@media (max-width:480px){.panel{inset:0;width:auto;height:auto;border:0;border-radius:0}}
:host([data-mode=page]) .panel>:not(header){width:min(100% - 28px,760px);align-self:center;margin-left:0;margin-right:0}
:host([data-mode=page]) .log{width:min(100%,788px)}
header{display:flex;align-items:center;gap:8px;padding:10px 12px 10px 16px;background:var(--cs-accent);color:var(--cs-on-accent)}
header :focus-visible{outline-color:var(--cs-on-accent)}
h2{margin:0;flex:1;font-size:16px;font-weight:600}
.badge{font-size:12px;padding:2px 8px;border-radius:9px;border:1px solid}
.x{border:0;background:none;padding:6px;border-radius:8px;display:grid}
.log{flex:1;overflow-y:auto;overscroll-behavior:contain;padding:14px;display:flex;flex-direction:column;gap:10px}
.hello{color:var(--cs-muted);font-size:14px;margin:0}
.msg{max-width:85%;padding:8px 12px;border-radius:14px;overflow-wrap:anywhere}
.me{align-self:flex-end;background:var(--cs-accent);color:var(--cs-on-accent);white-space:pre-wrap;border-bottom-right-radius:4px}
.bot{align-self:flex-start;background:var(--cs-bot);border-bottom-left-radius:4px}
.holding{font-style:italic;background:var(--cs-warn-bg);color:var(--cs-warn-fg)}
.by,.re{display:block;font-size:12px;font-weight:600;color:var(--cs-muted);margin-bottom:2px}
.re{font-weight:400;font-style:italic;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.pending{opacity:.75}
.state{display:block;font-size:12px;margin-top:4px}
.msg p,.msg ul,.msg ol,blockquote{margin:0 0 6px}
.msg>:last-child,blockquote>:last-child{margin-bottom:0}
.msg ul,.msg ol{padding-left:20px}
blockquote{padding-left:10px;border-left:3px solid var(--cs-line)}
.plain{white-space:pre-wrap}
pre{margin:0 0 6px;white-space:pre-wrap;font:13px/1.4 ui-monospace,monospace}
a{color:var(--cs-link)}
.me a{color:inherit}
.src{margin-top:8px;padding-top:6px;border-top:1px solid var(--cs-line);font-size:13px;color:var(--cs-muted)}
.src ul{margin:2px 0 0;padding-left:18px}
.fb{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin-top:8px;font-size:13px;color:var(--cs-muted)}
.fb button,.note button,.state button{border:1px solid var(--cs-line);background:var(--cs-bg);color:var(--cs-fg);border-radius:12px;padding:1px 10px;font-size:13px}
.fb button[aria-pressed=true]{background:var(--cs-accent);color:var(--cs-on-accent)}
.fb button[aria-disabled=true]{cursor:default}
.status,.note{margin:0 14px 10px;font-size:13px}
.status:empty,.note:empty{display:none}
.status{color:var(--cs-muted)}
.note{padding:8px 12px;border-radius:10px}
.note{background:var(--cs-err-bg);color:var(--cs-err-fg)}
.note button{margin-left:6px}
.dots{display:inline-flex;gap:3px;margin-right:6px}
.dots i{width:6px;height:6px;border-radius:50%;background:currentColor;animation:b 1s infinite alternate}
.dots i:nth-child(2){animation-delay:.2s}.dots i:nth-child(3){animation-delay:.4s}
@keyframes b{to{opacity:.2}}
@media (prefers-reduced-motion:reduce){.dots i{animation:none}}
form{display:flex;gap:8px;padding:10px;border-top:1px solid var(--cs-line)}
textarea{flex:1;resize:none;min-height:42px;max-height:140px;padding:9px 10px;border:1px solid var(--cs-line);border-radius:10px;background:var(--cs-bg);line-height:1.4}
.send{width:42px;height:42px;border:0;border-radius:10px;background:var(--cs-accent);color:var(--cs-on-accent);display:grid;place-items:center}
:disabled{opacity:.55;cursor:default}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}`;

  // DOM built from nodes only: text always goes in as text, never parsed as HTML.
  const h = (tag, props, ...kids) => {
    const el = document.createElement(tag);
    for (const key in props) {
      const value = props[key];
      if (value == null || value === false) continue;
      if (key === 'text') el.textContent = value;
      else if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value);
    }
    el.append(...kids.filter((kid) => kid != null));
    return el;
  };
  const icon = (d) => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    path.setAttribute('d', d);
    svg.append(path);
    return svg;
  };

  // --- The panel ---------------------------------------------------------
  const host = document.createElement('countersign-chat');
  const root = host.attachShadow({ mode: 'open' });
  if (root.adoptedStyleSheets && 'replaceSync' in CSSStyleSheet.prototype) {
    // A constructed sheet also works under a host page's strict style-src CSP.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [sheet];
  } else root.append(h('style', { text: CSS }));

  const title = data.title || STRINGS.title;
  const launcher = pageMode
    ? null
    : h('button', { type: 'button', class: 'launcher', 'aria-label': STRINGS.open, 'aria-expanded': 'false', 'aria-controls': 'cs-panel', onclick: () => (panel.hidden ? show(true) : hide()) },
        icon('M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H8l-5 4V5a2 2 0 0 1 1-2z'));
  const badge = h('span', { class: 'badge', text: STRINGS.preview, hidden: true });
  const hello = h('p', { class: 'hello', text: STRINGS.welcome });
  const log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': STRINGS.log, tabindex: '0' }, hello);
  const status = h('div', { class: 'status', role: 'status', 'aria-live': 'polite' });
  const note = h('div', { class: 'note', role: 'alert' });
  const input = h('textarea', { id: 'cs-input', rows: '1', placeholder: STRINGS.placeholder, oninput: grow, onkeydown: onKey });
  const sendButton = h('button', { type: 'submit', class: 'send', 'aria-label': STRINGS.send }, icon('M3 20.5 21 12 3 3.5 3 10l12 2-12 2z'));
  const form = h('form', { onsubmit: onSubmit }, h('label', { class: 'sr', for: 'cs-input', text: STRINGS.inputLabel }), input, sendButton);
  const panel = h(
    'section',
    { id: 'cs-panel', class: 'panel', role: pageMode ? 'main' : 'dialog', 'aria-label': title, hidden: !pageMode || null, onkeydown: (event) => event.key === 'Escape' && hide() },
    h('header', null, h('h2', { text: title }), badge, pageMode ? null : h('button', { type: 'button', class: 'x', 'aria-label': STRINGS.close, onclick: hide }, icon('M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12l5.6 5.6-1.4 1.4-5.6-5.6L6.4 19 5 17.6l5.6-5.6L5 6.4z'))),
    log,
    status,
    note,
    form,
  );
  if (pageMode) host.dataset.mode = 'page';
  root.append(...[launcher, panel].filter(Boolean));

  const scheme = matchMedia('(prefers-color-scheme: dark)');
  const applyTheme = () => {
    const theme = data.theme === 'light' || data.theme === 'dark' ? data.theme : scheme.matches ? 'dark' : 'light';
    host.dataset.scheme = theme;
  };
  applyTheme();
  scheme.addEventListener?.('change', applyTheme);

  function show(focus) {
    panel.hidden = false;
    launcher?.setAttribute('aria-expanded', 'true');
    launcher?.classList.remove('unread');
    remember('1');
    if (focus) input.focus();
    log.scrollTop = log.scrollHeight;
    start();
  }
  function hide() {
    if (pageMode) return;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    remember('');
    launcher.focus();
  }
  function remember(open) {
    try {
      sessionStorage.setItem(`${storeKey}:open`, open);
    } catch {}
  }
  function grow() {
    input.style.height = 'auto';
    input.style.height = `${Math.min(input.scrollHeight + 2, 140)}px`;
  }
  function onKey(event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit ? form.requestSubmit() : onSubmit(event);
    }
  }
  function onSubmit(event) {
    event.preventDefault();
    const text = input.value.replace(/\r\n?/g, '\n').trim();
    if (!text || input.disabled) return;
    input.value = '';
    grow();
    send(text);
  }
  function showNote(text, kind, action) {
    noteKind = kind;
    note.replaceChildren(...(text ? [text] : []), ...(action ? [action] : []));
  }
  const nearBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 80;

  // --- Rendering messages ------------------------------------------------
  const shown = new Map(); // message id -> { seq, text, el }
  const pending = []; // customer messages not yet confirmed: { cid, text, after, el }

  function link(text, url, base) {
    let parsed;
    try {
      parsed = new URL(url, base);
    } catch {
      return null;
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return h('a', { href: parsed.href, target: '_blank', rel: 'noopener noreferrer nofollow' }, text);
  }
  // Replies are light Markdown, parsed by the module the review console also
  // uses (markdown.js, served beside this file), so staff approve what the
  // visitor sees. It is loaded once, before the first message is shown; if it
  // cannot load (a strict CSP, the network), replies show as plain text.
  let parseMarkdown = null;
  const markdownReady = import(`${api}/markdown.js`).then(
    (module) => {
      parseMarkdown = module.parseMarkdown;
    },
    () => console.warn('[countersign] markdown.js could not be loaded from', api, ': replies are shown as plain text.'),
  );
  function markdown(text) {
    const out = document.createDocumentFragment();
    if (!parseMarkdown) out.append(h('p', { class: 'plain', text: String(text) }));
    else for (const part of parseMarkdown(String(text))) out.append(block(part));
    return out;
  }
  function block(part) {
    if (part.type === 'quote') return h('blockquote', null, ...part.blocks.map(block));
    if (part.type === 'list') return h(part.ordered ? 'ol' : 'ul', null, ...part.items.map((item) => h('li', null, ...inline(item))));
    if (part.type === 'heading') return h('p', null, h('strong', null, ...inline(part.content)));
    if (part.type === 'code') return h('pre', null, h('code', { text: part.text }));
    return h('p', null, ...part.lines.flatMap((line, index) => (index ? [h('br'), ...inline(line)] : inline(line))));
  }
  // Text parts become text nodes; the parser keeps only http(s) links.
  function inline(parts) {
    return parts.map((part) =>
      part.type === 'text'
        ? part.text
        : part.type === 'code'
          ? h('code', { text: part.text })
          : h(part.type === 'link' ? 'a' : 'strong', part.type === 'link' ? { href: part.href, target: '_blank', rel: 'noopener noreferrer nofollow' } : null, ...inline(part.children)),
    );
  }

  function render(message) {
    const mine = message.role === 'customer';
    const staff = message.author === 'staff' || message.kind === 'staff';
    const el = h('div', { class: `msg ${mine ? 'me' : 'bot'} ${message.kind}` }, staff ? h('span', { class: 'by', text: STRINGS.staff }) : h('span', { class: 'sr', text: `${mine ? STRINGS.you : STRINGS.bot}: ` }));
    // A reply that arrives after later questions says which one it answers.
    const question = !mine && shown.get(message.replyTo);
    if (question && [...shown.values()].some((other) => other.role === 'customer' && other.seq > question.seq && other.seq < message.seq)) {
      el.append(h('span', { class: 're', text: STRINGS.inReplyTo + question.text }));
    }
    el.append(mine ? String(message.text) : markdown(message.text));
    const sources = Array.isArray(message.sources) ? message.sources.filter((source) => source?.title) : [];
    // A source's path (a /kb/ page, for a document without a URL of its own) is on the Worker.
    if (sources.length) {
      const items = sources.map((source) => h('li', null, (source.url && link(String(source.title), String(source.url), `${api}/`)) || String(source.title)));
      el.append(h('div', { class: 'src' }, STRINGS.sources, h('ul', null, ...items)));
    }
    if (message.feedback && !mine) el.append(feedback(message.id));
    return el;
  }

  function feedback(id) {
    const given = session?.fb?.[id];
    const row = h('div', { class: 'fb', role: 'group', 'aria-label': STRINGS.feedback }, STRINGS.feedback);
    const thanks = h('span', { text: given == null ? '' : STRINGS.thanks });
    const vote = async (helpful, button) => {
      if (buttons.some((b) => b.getAttribute('aria-disabled'))) return;
      for (const b of buttons) b.setAttribute('aria-disabled', 'true');
      try {
        const response = await call('POST', `${conv()}/feedback`, { messageId: id, helpful });
        if (!response.ok) throw response;
      } catch (failure) {
        for (const b of buttons) b.removeAttribute('aria-disabled');
        return failure?.status ? explain(failure) : showNote(STRINGS.offline, 'net');
      }
      button.setAttribute('aria-pressed', 'true');
      thanks.textContent = STRINGS.thanks;
      if (session) {
        session.fb = { ...session.fb, [id]: helpful };
        save(session);
      }
    };
    const buttons = [
      [STRINGS.helpful, true],
      [STRINGS.notHelpful, false],
    ].map(([label, helpful]) => {
      const button = h('button', { type: 'button', 'aria-pressed': String(given === helpful), 'aria-disabled': given != null || null, text: label });
      button.addEventListener('click', () => vote(helpful, button));
      return button;
    });
    row.append(...buttons, thanks);
    return row;
  }

  function upsert(message) {
    if (!message || typeof message.id !== 'string') return;
    const old = shown.get(message.id);
    if (old && old.text === message.text) return;
    const atBottom = nearBottom();
    const el = render(message);
    if (old) old.el.replaceWith(el);
    else {
      let next = null;
      for (const other of shown.values()) if (other.seq > message.seq && (!next || other.seq < next.seq)) next = other;
      log.insertBefore(el, next ? next.el : (pending[0]?.el ?? null));
    }
    shown.set(message.id, { seq: message.seq, text: message.text, el, role: message.role, kind: message.kind, replyTo: message.replyTo });
    settle();
    if (message.role === 'customer') {
      const index = pending.findIndex((p) => p.text === message.text && message.seq > p.after);
      if (index >= 0) pending.splice(index, 1)[0].el.remove();
    } else if (panel.hidden && !old) launcher?.classList.add('unread');
    if (atBottom || message.role === 'customer') log.scrollTop = log.scrollHeight;
  }

  // One holding message per question, shown in the log beside it (never also as a
  // banner): it goes once the reply to that very question is there.
  function settle() {
    const answered = new Set();
    for (const other of shown.values()) if (other.role === 'assistant' && other.kind !== 'holding') answered.add(other.replyTo);
    for (const other of shown.values()) if (other.kind === 'holding') other.el.hidden = answered.has(other.replyTo);
  }

  function setAwaiting(value) {
    awaiting = value === 'answer' || value === 'review' ? value : 'none';
    status.className = `status ${awaiting}`;
    if (awaiting === 'answer') status.replaceChildren(h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), STRINGS.typing);
    else status.replaceChildren('');
  }

  function applyHistory(messages, value) {
    if (Array.isArray(messages)) for (const message of messages) upsert(message);
    setAwaiting(value);
  }

  // --- Session and API ---------------------------------------------------
  let session = null; // { token, conversationId, expiresAt, preview, fb }
  let awaiting = 'none';
  let noteKind = '';
  let starting = null;
  let renewals = 0;

  function load() {
    try {
      const stored = JSON.parse(localStorage.getItem(storeKey));
      // A preview key asks for a staff session: a stored public one would meet "not available yet".
      const fits = stored && Date.parse(stored.expiresAt) - Date.now() > 60_000 && (stored.preview || !data.previewKey);
      return fits ? stored : null;
    } catch {
      return null;
    }
  }
  function save(value) {
    session = value;
    try {
      value ? localStorage.setItem(storeKey, JSON.stringify(value)) : localStorage.removeItem(storeKey);
    } catch {}
  }
  const conv = () => `/web/conversations/${encodeURIComponent(session.conversationId)}`;

  async function call(method, path, body, auth = true) {
    const headers = body ? { 'content-type': 'application/json' } : {};
    if (auth) headers.authorization = `Bearer ${session.token}`;
    const response = await fetch(api + path, { method, headers, body: body && JSON.stringify(body), credentials: 'omit' });
    let json = null;
    try {
      json = await response.json();
    } catch {}
    const retryAfter = Number.parseInt(response.headers.get('retry-after') || json?.error?.retryAfter, 10);
    return { ok: response.ok, status: response.status, json, code: json?.error?.code, retryAfter };
  }

  function explain(response) {
    if (response.status === 429) {
      const seconds = response.retryAfter > 0 ? response.retryAfter : 30;
      showNote(STRINGS.rateLimited.replace('{seconds}', seconds), 'rate');
      setTimeout(() => noteKind === 'rate' && showNote(''), seconds * 1000);
    } else if (response.status === 413 || response.code === 'message_too_long') showNote(STRINGS.tooLong, 'input');
    else if (response.code === 'history_full') showNote(STRINGS.historyFull, 'full', h('button', { type: 'button', onclick: restart, text: STRINGS.newChat }));
    else if (response.code === 'not_available') unavailable(true);
    else if (response.code === 'invalid_preview_key') showNote(STRINGS.badPreview, 'error');
    else showNote(STRINGS.failed, 'error');
  }

  // A browser hides why a cross-origin call failed. One plain GET (no preflight, so
  // the Worker's 403 is readable) tells a site missing from WEB_ALLOWED_ORIGINS
  // apart from a lost connection, so its owner learns the real cause.
  let blockedLogged = false;
  async function unreachable() {
    let code = '';
    try {
      code = (await call('GET', `/web/channels/${encodeURIComponent(channel)}`, null, false)).code;
    } catch {}
    if (code !== 'origin_not_allowed') return showNote(STRINGS.offline, 'net');
    if (!blockedLogged) {
      blockedLogged = true;
      console.error(
        `Countersign chat: this site (${location.origin}) is not in WEB_ALLOWED_ORIGINS of ${api}. Add it there (wrangler.toml [vars], or .dev.vars, which overrides them locally; with npm run dev: --allow-origin ${location.origin}).`,
      );
    }
    disconnect();
    showNote(STRINGS.notAllowed.replace('{origin}', location.origin), 'origin');
  }

  // Not an error: the channel is not open to the public yet (stage internal).
  function unavailable(off) {
    panel.dataset.state = off ? 'unavailable' : 'open';
    input.disabled = sendButton.disabled = off;
    hello.textContent = off ? STRINGS.notAvailable : STRINGS.welcome;
    if (off) {
      setAwaiting('none');
      if (root.activeElement === input) log.focus();
    }
  }

  const start = () => {
    starting ||= begin()
      .catch(() => false)
      .then((ok) => {
        if (!ok) starting = null;
        return ok;
      });
    return starting;
  };
  async function begin() {
    if (!session) save(load());
    if (!session && !(await createSession())) return false;
    badge.hidden = !session.preview;
    unavailable(false);
    await markdownReady;
    await refresh();
    connect();
    return !!session;
  }
  async function createSession() {
    let response;
    try {
      response = await call('POST', '/web/sessions', { channel, previewKey: data.previewKey || undefined }, false);
    } catch {
      await unreachable();
      return false;
    }
    if (!response.ok || !response.json?.token) {
      explain(response);
      return false;
    }
    const { token, conversationId, expiresAt, preview } = response.json;
    save({ token, conversationId, expiresAt, preview: !!preview, fb: {} });
    return true;
  }
  // The session is gone (expired, or the conversation is full): start a fresh one.
  async function restart() {
    if (renewals++ > 2) return showNote(STRINGS.failed, 'error');
    disconnect();
    save(null);
    for (const { el } of shown.values()) el.remove();
    shown.clear();
    showNote('');
    starting = null;
    await start();
  }
  async function refresh() {
    const current = session;
    if (!current) return;
    let response;
    try {
      response = await call('GET', `${conv()}/messages`);
    } catch {
      return unreachable();
    }
    if (current !== session) return;
    if (noteKind === 'net') showNote('');
    // Expired, or not this conversation's token: a fresh session replaces it.
    if (response.status === 401 || response.status === 404 || response.code === 'forbidden') return restart();
    if (!response.ok) return explain(response);
    renewals = 0;
    applyHistory(response.json?.messages, response.json?.awaiting);
  }

  const uuid = () =>
    typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

  // Sent over HTTP (its status and Retry-After are exact); the clientMessageId
  // makes every retry of the same message store it once.
  async function send(text) {
    let after = 0;
    for (const { seq } of shown.values()) after = Math.max(after, seq);
    const state = h('span', { class: 'state', text: STRINGS.sending });
    const item = { cid: uuid(), text, after, el: h('div', { class: 'msg me pending' }, h('span', { class: 'sr', text: `${STRINGS.you}: ` }), text, state) };
    pending.push(item);
    log.append(item.el);
    log.scrollTop = log.scrollHeight;
    showNote('');
    if (await start()) deliver(item, 0);
    else drop(item, true);
  }
  function drop(item, restore) {
    const index = pending.indexOf(item);
    if (index >= 0) pending.splice(index, 1);
    item.el.remove();
    if (restore && !input.value) input.value = item.text;
  }
  async function deliver(item, attempt) {
    const state = item.el.lastChild;
    state.replaceChildren(STRINGS.sending);
    let response = null;
    try {
      response = await call('POST', `${conv()}/messages`, { text: item.text, clientMessageId: item.cid });
    } catch {}
    if (response?.ok) {
      drop(item);
      upsert(response.json?.message);
      if (polling) poll();
    } else if (!response || response.status >= 500) {
      if (attempt < 4) setTimeout(() => deliver(item, attempt + 1), 1000 * 2 ** attempt);
      else state.replaceChildren(STRINGS.notSent, ' ', h('button', { type: 'button', onclick: () => deliver(item, 0), text: STRINGS.retry }));
    } else if (response.status === 401 && renewals < 2) {
      await restart();
      if (session) deliver(item, attempt + 1);
    } else {
      drop(item, true);
      explain(response);
    }
  }

  // --- Live updates: WebSocket, or polling when it cannot connect ---------
  let socket = null;
  let failures = 0;
  let retryTimer = 0;
  let pollTimer = 0;
  let polling = false;
  let lastHeard = 0;

  function connect() {
    if (socket || !session) return;
    if (typeof WebSocket !== 'function') return startPolling();
    clearTimeout(retryTimer);
    let openedAt = 0;
    let ws;
    try {
      ws = new WebSocket(`${api.replace(/^http/, 'ws')}${conv()}/ws?token=${encodeURIComponent(session.token)}`);
    } catch {
      return startPolling();
    }
    socket = ws;
    ws.onopen = () => {
      openedAt = lastHeard = Date.now();
    };
    ws.onmessage = (event) => {
      lastHeard = Date.now();
      let frame;
      try {
        frame = JSON.parse(event.data);
      } catch {
        return;
      }
      if (frame.type === 'history') {
        stopPolling();
        applyHistory(frame.messages, frame.awaiting);
      } else if (frame.type === 'message') upsert(frame.message);
      else if (frame.type === 'awaiting') setAwaiting(frame.awaiting);
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      // A connection that never opened, or dropped at once, counts as a failure.
      failures = openedAt && Date.now() - openedAt > 10_000 ? 0 : failures + 1;
      if (failures >= 3) startPolling();
      else refresh();
      retryTimer = setTimeout(connect, Math.min(30_000, 1000 * 2 ** failures) * (0.75 + Math.random() / 2));
    };
  }
  function disconnect() {
    clearTimeout(retryTimer);
    stopPolling();
    const ws = socket;
    socket = null;
    ws?.close();
  }
  function startPolling() {
    if (!polling) {
      polling = true;
      poll();
    }
  }
  function stopPolling() {
    polling = false;
    clearTimeout(pollTimer);
  }
  async function poll() {
    clearTimeout(pollTimer);
    await refresh();
    if (polling) pollTimer = setTimeout(poll, panel.hidden && awaiting === 'none' ? 15_000 : 3000);
  }
  // Keep the socket alive through proxies; a silent one is replaced.
  setInterval(() => {
    if (socket?.readyState !== 1) return;
    if (Date.now() - lastHeard > 70_000) socket.close();
    else socket.send('{"type":"ping"}');
  }, 25_000);
  addEventListener('online', () => {
    if (session && !socket) {
      failures = 0;
      connect();
    }
  });

  const mount = () => {
    document.body.append(host);
    let reopen = false;
    try {
      reopen = sessionStorage.getItem(`${storeKey}:open`) === '1';
    } catch {}
    if (pageMode || reopen) show(pageMode);
  };
  document.body ? mount() : addEventListener('DOMContentLoaded', mount);
})();
