// The local web chat: sends what the member types or picks to POST /local/messages and
// shows the bot's replies (the neutral message model); polls GET /local/inbox every 5 s
// for messages the bot sends on its own. Each user's conversation is kept by the server:
// it is loaded (GET /local/history) when the page opens and whenever the user is switched.
// Every user or bot string reaches the page through textContent, never as HTML.
// The page is opened at /?token=…: the token moves to sessionStorage (this tab only) and
// leaves the address bar, and every request that speaks or reads as someone carries it.
'use strict';
(function () {
  const TOKEN_KEY = 'local-chat-token';
  const token = takeToken();
  const authorized = token ? { authorization: `Bearer ${token}` } : {};

  /** The token from the URL (then removed from it and the history), else the one this tab kept. */
  function takeToken() {
    const url = new URL(location.href);
    const given = url.searchParams.get('token');
    if (given) {
      try {
        sessionStorage.setItem(TOKEN_KEY, given);
      } catch {
        // Storage off: the token lives as long as the page.
      }
      url.searchParams.delete('token');
      history.replaceState(history.state, '', `${url.pathname}${url.search}${url.hash}`);
      return given;
    }
    try {
      return sessionStorage.getItem(TOKEN_KEY);
    } catch {
      return null;
    }
  }

  const $ = (id) => document.getElementById(id);
  const identity = $('identity');
  const otherUser = $('other-user');
  const transcript = $('transcript');
  const message = $('message');
  const status = $('status');
  const USER = /^[\w.@-]{1,64}$/;
  const POLL_MS = 5000;
  const panes = new Map(); // user -> element holding that identity's transcript
  const timeFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
  const dayFormat = new Intl.DateTimeFormat([], { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  let current = null;
  let queue = Promise.resolve(); // one request at a time, so replies keep their order
  let pending = 0;
  let uid = 0;

  /** Builds an element; `text` is set with textContent, strings among children become text nodes. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  function pane(user) {
    if (!panes.has(user)) panes.set(user, el('div', { class: 'pane', 'data-user': user }));
    return panes.get(user);
  }

  function add(user, node) {
    pane(user).append(node);
    if (user === current) transcript.scrollTop = transcript.scrollHeight;
  }

  /** Who and when: the time alone today, the day too before. */
  function stamp(who, at) {
    const when = at ? new Date(at) : new Date();
    const today = when.toDateString() === new Date().toDateString();
    return el('span', { class: 'who', text: `${who} · ${(today ? timeFormat : dayFormat).format(when)}` });
  }

  function memberMessage(user, text, at) {
    // What the member typed reads in its own direction (Arabic right to left), the stamp aside.
    add(user, el('div', { class: 'msg member' }, stamp(user, at), el('div', { class: 'text', text, dir: 'auto' })));
  }

  function notice(user, text) {
    add(user, el('div', { class: 'msg notice', role: 'alert' }, el('strong', { text: 'Error: ' }), text));
  }

  function botMessage(user, m, proactive, at) {
    const box = el('div', { class: `msg bot${m.tone ? ` tone-${m.tone}` : ''}${proactive ? ' proactive' : ''}`, 'data-tone': m.tone, dir: m.dir === 'rtl' ? 'rtl' : 'ltr' });
    box.append(stamp(proactive ? 'Bot (sent to you)' : 'Bot', at));
    if (m.tone === 'error') box.append(el('span', { class: 'visually-hidden', text: 'Error: ' }));
    if (m.title) box.append(el('strong', { class: 'title', text: m.title }));
    if (m.text) box.append(el('div', { class: 'text', text: m.text }));
    if (m.fields && m.fields.length) {
      const dl = el('dl', { class: 'fields' });
      for (const f of m.fields) dl.append(el('dt', { text: f.label }), el('dd', { text: f.value }));
      box.append(dl);
    }
    if (m.choices && m.choices.options && m.choices.options.length) {
      box.append(m.choices.multiple ? checkboxes(user, m.choices.options) : buttons(user, m.choices.options));
    }
    if (m.form) box.append(form(user, m.form));
    add(user, box);
  }

  function buttons(user, options) {
    const group = el('div', { class: 'choices', role: 'group', 'aria-label': 'Choices' });
    for (const o of options) {
      group.append(el('button', {
        type: 'button', class: `choice${o.style ? ` ${o.style}` : ''}`, 'data-value': o.value, text: o.label,
        onclick: () => send(user, { action: o.value, shown: o.label }, o.label),
      }));
    }
    return group;
  }

  function checkboxes(user, options) {
    const box = el('fieldset', { class: 'choices multiple' }, el('legend', { text: 'Choose one or more, then send' }));
    for (const o of options) {
      const id = `c${++uid}`;
      box.append(el('span', { class: 'check' }, el('input', { type: 'checkbox', id, value: o.value, 'data-label': o.label }), el('label', { for: id, text: o.label })));
    }
    box.append(el('button', {
      type: 'button', class: 'choice-send primary', text: 'Send choices',
      onclick: () => {
        const picked = [...box.querySelectorAll('input:checked')];
        const shown = picked.map((i) => i.dataset.label).join(', ') || '(nothing chosen)';
        send(user, { action: picked.map((i) => i.value), shown }, shown);
      },
    }));
    return box;
  }

  /** One form field by kind; returns the element and a getter for its value. */
  function formField(field) {
    const id = `f${++uid}`;
    const options = field.choices || [];
    const initial = field.initial == null ? '' : String(field.initial);
    const hint = field.hint || (field.kind === 'countries' ? 'Country names or ISO codes, separated by commas' : '');
    const hintId = hint ? `${id}-hint` : undefined;
    const hintNode = hint ? el('small', { id: hintId, class: 'hint', text: hint }) : null;
    const labelText = field.label + (field.required ? ' (required)' : '');

    if (field.kind === 'multi-choice' || field.kind === 'yes-no') {
      const multi = field.kind === 'multi-choice';
      const list = multi ? options : options.length ? options : [{ label: 'Yes', value: 'yes' }, { label: 'No', value: 'no' }];
      const chosen = multi ? initial.split(',').map((s) => s.trim()) : [initial];
      const set = el('fieldset', { class: 'field group', 'aria-describedby': hintId }, el('legend', { text: labelText }));
      list.forEach((o, i) => {
        const inputId = `${id}-${i}`;
        set.append(el('span', { class: 'check' },
          el('input', { type: multi ? 'checkbox' : 'radio', id: inputId, name: id, value: o.value, checked: chosen.includes(o.value), required: !multi && field.required }),
          el('label', { for: inputId, text: o.label })));
      });
      if (hintNode) set.append(hintNode);
      const get = () => {
        const values = [...set.querySelectorAll('input:checked')].map((i) => i.value);
        return multi ? values : values[0] || '';
      };
      return { node: set, get, options: list };
    }

    const common = { id, name: field.id, required: field.required, 'aria-describedby': hintId };
    let input;
    if (field.kind === 'textarea') input = el('textarea', { ...common, rows: 3 });
    else if (field.kind === 'choice') {
      input = el('select', common, el('option', { value: '', text: 'Choose…' }), ...options.map((o) => el('option', { value: o.value, text: o.label })));
    } else {
      const type = { number: 'number', date: 'date' }[field.kind] || 'text';
      input = el('input', { ...common, type, step: type === 'number' ? 'any' : undefined });
    }
    input.value = initial;
    return { node: el('div', { class: 'field' }, el('label', { for: id, text: labelText }), input, hintNode), get: () => input.value, options };
  }

  function form(user, f) {
    const fields = f.fields.map((field) => ({ field, ...formField(field) }));
    const node = el('form', { class: 'bot-form', 'aria-label': f.title }, el('strong', { class: 'form-title', text: f.title }), ...fields.map((x) => x.node));
    node.append(el('button', { type: 'submit', class: 'form-submit primary', text: f.submitLabel || 'Submit' }));
    node.addEventListener('submit', (event) => {
      event.preventDefault();
      const values = {};
      const shown = [];
      for (const { field, get, options } of fields) {
        const value = get();
        values[field.id] = value;
        const label = (v) => (options.find((o) => o.value === v) || { label: v }).label;
        const text = Array.isArray(value) ? value.map(label).join(', ') : label(value);
        if (text !== '') shown.push(`${field.label}: ${text}`);
      }
      const text = [f.title, ...shown].join('\n');
      send(user, { form: { id: f.id, values }, shown: text }, text);
    });
    return node;
  }

  function setBusy(delta) {
    pending += delta;
    transcript.setAttribute('aria-busy', String(pending > 0));
    document.body.classList.toggle('busy', pending > 0);
  }

  /** Shows `shown` as the member's message (unless null) and posts `body` after earlier requests. */
  function send(user, body, shown) {
    if (shown !== null) memberMessage(user, shown);
    queue = queue.then(() => post(user, body));
    return queue;
  }

  async function post(user, body) {
    setBusy(1);
    try {
      const res = await fetch('/local/messages', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...authorized },
        body: JSON.stringify({ user, ...body }),
      });
      let data = null;
      try {
        data = await res.json();
      } catch {
        data = null;
      }
      const replies = data && Array.isArray(data.replies) ? data.replies : [];
      for (const reply of replies) botMessage(user, reply);
      if (!res.ok && replies.length === 0) {
        notice(user, `the server answered ${res.status}: ${(data && data.error) || res.statusText || 'no details'}`);
      }
      showOffline(false);
    } catch (error) {
      notice(user, `cannot reach the bot server (${error.message}). Is it still running?`);
      showOffline(true);
    } finally {
      setBusy(-1);
    }
  }

  function showOffline(offline) {
    status.textContent = offline ? 'The bot server is not answering; retrying every 5 seconds…' : '';
    status.classList.toggle('offline', offline);
  }

  /** Messages the bot sent on its own since the last look; after earlier requests, so nothing shows twice. */
  let polling = false; // at most one poll waits in the queue, however slow the server is
  function pollInbox() {
    const user = current;
    if (!user || !panes.has(user) || polling) return queue;
    polling = true;
    queue = queue.then(async () => {
      polling = false;
      try {
        const res = await fetch(`/local/inbox?user=${encodeURIComponent(user)}`, { cache: 'no-store', headers: authorized });
        if (!res.ok) return;
        const data = await res.json();
        for (const m of data.messages || []) botMessage(user, m, true);
        showOffline(false);
      } catch {
        showOffline(true);
      }
    });
    return queue;
  }

  /** Replaces `user`'s transcript with the conversation the server keeps; false when it could not be read. */
  async function loadHistory(user) {
    let res;
    let data;
    try {
      res = await fetch(`/local/history?user=${encodeURIComponent(user)}`, { cache: 'no-store', headers: authorized });
      data = await res.json().catch(() => null);
      showOffline(false);
    } catch (error) {
      showOffline(true);
      notice(user, `cannot reach the bot server (${error.message}). Is it still running?`);
      return false;
    }
    if (!res.ok) {
      notice(user, `the server answered ${res.status}: ${(data && data.error) || res.statusText || 'no details'}`);
      return false;
    }
    pane(user).replaceChildren();
    for (const m of data.messages || []) {
      if (m.from === 'member') memberMessage(user, m.text, m.at);
      else botMessage(user, m.message, m.proactive, m.at);
    }
    return (data.messages || []).length > 0;
  }

  function switchTo(user) {
    current = user;
    if (![...identity.options].some((o) => o.value === user)) identity.append(el('option', { value: user, text: user }));
    identity.value = user;
    transcript.replaceChildren(pane(user));
    // The conversation as the server keeps it (after this page's earlier requests); an identity
    // with none asks for the bot's greeting (or where an unfinished question stands).
    queue = queue.then(async () => {
      setBusy(1);
      try {
        const kept = await loadHistory(user);
        if (!kept && pane(user).querySelector('.msg.notice') === null) await post(user, { text: '' });
      } finally {
        setBusy(-1);
      }
      if (user === current) transcript.scrollTop = transcript.scrollHeight;
    });
    return queue;
  }

  async function init() {
    let identities = [];
    let others = [];
    try {
      const res = await fetch('/local/identities', { headers: authorized });
      const data = await res.json();
      identities = data.identities || [];
      others = data.others || [];
    } catch {
      showOffline(true);
    }
    if (identities.length === 0) identities = [{ user: 'demo-member', label: 'Member' }];
    for (const i of identities) identity.append(el('option', { value: i.user, text: `${i.label} (${i.user})` }));
    // Other local users with a conversation kept (e.g. the demo coalition's members).
    if (others.length) identity.append(el('optgroup', { label: 'Others with messages' }, ...others.map((u) => el('option', { value: u, text: u }))));

    identity.addEventListener('change', () => switchTo(identity.value));
    $('identity-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const name = otherUser.value.trim();
      if (!USER.test(name)) {
        otherUser.setCustomValidity('Use 1 to 64 letters, digits, or . _ @ -');
        otherUser.reportValidity();
        return;
      }
      otherUser.value = '';
      switchTo(name);
      message.focus();
    });
    otherUser.addEventListener('input', () => otherUser.setCustomValidity(''));
    $('composer').addEventListener('submit', (event) => {
      event.preventDefault();
      const text = message.value;
      if (text.trim() === '') return;
      message.value = '';
      send(current, { text }, text);
    });

    const asked = new URLSearchParams(location.search).get('user');
    switchTo(asked && USER.test(asked) ? asked : identities[0].user);
    setInterval(pollInbox, POLL_MS);
    message.focus();
  }

  void init();
})();
