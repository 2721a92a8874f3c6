/*
 * The simulator page's WhatsApp Cloud tab: the number played talks to the product through the local Graph API
 * simulator (the real signed webhook, the real Graph client). Replies show as WhatsApp shows them: reply buttons
 * and list rows as buttons to tap, and a PIN form as a button that opens a small form; the PIN entered there goes
 * to the Flow's data endpoint encrypted, as WhatsApp sends it, and never appears in the chat. Texts are put in the
 * page as text, never as HTML.
 */
/* global document, fetch */
'use strict';

(function cloudTab() {
  const settings = document.body.dataset;
  const base = settings.base || '';
  const byId = (id) => document.getElementById(id);
  const log = byId('cloud-log');
  const form = byId('cloud-form');
  const input = byId('cloud-input');
  const status = byId('cloud-status');
  const numberInput = byId('msisdn');
  const enabled = settings.cloud === 'true';
  let queue = Promise.resolve();

  if (!enabled) {
    byId('cloud-off').hidden = false;
    input.disabled = true;
  }

  async function post(path, payload) {
    const response = await fetch(base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.error || 'HTTP ' + response.status);
    return data;
  }

  function bubble(direction, text) {
    const item = document.createElement('li');
    item.className = 'bubble ' + direction;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    item.append(body, time);
    log.append(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  function actions(item) {
    const row = document.createElement('div');
    row.className = 'actions';
    item.append(row);
    return row;
  }

  function button(row, label, onClick) {
    const element = document.createElement('button');
    element.type = 'button';
    element.textContent = label;
    element.addEventListener('click', onClick);
    row.append(element);
    return element;
  }

  /** The PIN form: a password field inside the bubble; the PIN goes to the data endpoint, not to the chat. */
  function pinForm(item, cta) {
    const row = actions(item);
    const open = button(row, cta, () => {
      open.hidden = true;
      const fields = document.createElement('form');
      fields.className = 'pin-form';
      const pin = document.createElement('input');
      pin.type = 'password';
      pin.inputMode = 'numeric';
      pin.autocomplete = 'off';
      pin.maxLength = 5;
      pin.setAttribute('aria-label', 'PIN');
      const submit = document.createElement('button');
      submit.type = 'submit';
      submit.textContent = 'Send';
      fields.append(pin, submit);
      fields.addEventListener('submit', (event) => {
        event.preventDefault();
        const value = pin.value;
        fields.remove();
        run(async () => {
          const answer = await post('/cloud/pin', { msisdn: numberInput.value.trim(), pin: value });
          const note = document.createElement('span');
          note.className = 'note';
          note.textContent = answer.closed
            ? 'PIN sent in the form, encrypted: it is not in this chat.'
            : 'The form was refused (' + answer.status + ').';
          item.append(note);
          show(answer.messages);
        });
      });
      row.append(fields);
      pin.focus();
    });
  }

  /** The replies as WhatsApp shows them. */
  function show(messages) {
    for (const message of messages) {
      const item = bubble('in', message.text);
      item.dataset.kind = message.kind;
      if (message.kind === 'buttons' || message.kind === 'list') {
        const row = actions(item);
        for (const option of message.options) {
          button(row, option.title, () => {
            bubble('out', option.title);
            const msisdn = numberInput.value.trim();
            const list = message.kind === 'list';
            run(() => post('/cloud', { msisdn, choice: option.id, title: option.title, list }).then(reply));
          });
        }
      } else if (message.kind === 'form') {
        pinForm(item, message.cta);
      }
    }
  }

  function reply(answer) {
    show(answer.messages);
  }

  /** One exchange at a time, in the order the person acted, as a person waiting for each reply would. */
  function run(task) {
    queue = queue.then(async () => {
      status.textContent = 'typing…';
      try {
        await task();
      } catch (error) {
        bubble('in failed', 'Failed: ' + error.message);
      } finally {
        status.textContent = 'online';
      }
    });
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (text === '' || !enabled) return;
    input.value = '';
    bubble('out', text);
    const msisdn = numberInput.value.trim();
    run(() => post('/cloud', { msisdn, text }).then(reply));
  });

  numberInput.addEventListener('change', () => log.replaceChildren());
})();
