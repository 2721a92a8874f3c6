/*
 * The simulator page: plays one phone number on a WhatsApp-style chat, SMS and a USSD dialer, and shows the SMS
 * notices sent to that number. Every call goes to the simulator's endpoints on this server; nothing here knows a
 * secret. Texts are put in the page as text, never as HTML.
 */
/* global document, fetch, setTimeout, URLSearchParams */
'use strict';

(function simulator() {
  const settings = document.body.dataset;
  const base = settings.base || '';
  const byId = (id) => document.getElementById(id);

  const numberInput = byId('msisdn');
  const numberError = byId('msisdn-error');

  const ERRORS = {
    not_cameroon_mobile: 'Not a Cameroonian mobile number.',
    empty_message: 'Type a message first.',
    sms_channel_off: 'The SMS channel is off (TWILIO_AUTH_TOKEN).',
    ussd_channel_off: 'The USSD channel is off (USSD_CALLBACK_SECRET).',
    ussd_session_ended: 'The USSD session has ended.',
  };

  function explain(error) {
    return ERRORS[error.message] || 'Failed: ' + error.message;
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  }

  function number() {
    return numberInput.value.trim();
  }

  /** Posts JSON to an endpoint of the simulator; throws an Error named by the server's error code. */
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

  function showNumberProblem(error) {
    if (error.message === 'not_cameroon_mobile') numberError.textContent = ERRORS.not_cameroon_mobile;
  }

  /** Adds a line under a bubble's text saying what became of the message. */
  function note(item, text) {
    const line = document.createElement('span');
    line.className = 'note';
    line.textContent = text;
    item.querySelector('.text').after(line);
  }

  /** Adds a message bubble to a conversation and scrolls to it. */
  function bubble(log, direction, text) {
    const item = document.createElement('li');
    item.className = 'bubble ' + direction;
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    const time = document.createElement('span');
    time.className = 'time';
    time.textContent = clock(new Date());
    item.append(body, time);
    log.append(item);
    log.scrollTop = log.scrollHeight;
    return item;
  }

  // Tabs.
  const tabs = Array.from(document.querySelectorAll('[data-tab]'));
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const other of tabs) {
        const selected = other === tab;
        other.setAttribute('aria-selected', String(selected));
        byId('panel-' + other.dataset.tab).hidden = !selected;
      }
      const focus = { chat: 'chat-input', cloud: 'cloud-input', sms: 'sms-input', ussd: 'ussd-dial' }[tab.dataset.tab];
      byId(focus).focus();
    });
  }

  /**
   * A conversation where the person types and the bot answers: messages are sent one after the other, in the
   * order typed, each answered before the next goes (as a person waiting for the reply would).
   */
  function conversation(options) {
    const log = byId(options.log);
    const form = byId(options.form);
    const input = byId(options.input);
    let queue = Promise.resolve();
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (text === '') return;
      input.value = '';
      const sent = bubble(log, 'out', text);
      const from = number();
      queue = queue.then(async () => {
        options.busy?.(true);
        try {
          const answer = await post(options.endpoint, { msisdn: from, text });
          numberError.textContent = '';
          options.sent?.(sent, answer);
          for (const message of answer.messages) bubble(log, 'in', message);
        } catch (error) {
          showNumberProblem(error);
          sent.classList.add('failed');
          bubble(log, 'in failed', explain(error));
        } finally {
          options.busy?.(false);
        }
      });
    });
    return {
      clear() {
        log.replaceChildren();
      },
    };
  }

  const chat = conversation({
    log: 'chat-log',
    form: 'chat-form',
    input: 'chat-input',
    endpoint: '/chat',
    busy: (typing) => {
      byId('chat-status').textContent = typing ? 'typing…' : 'online';
    },
    // The WhatsApp channel deletes a PIN message from the bot's side of the chat only: WhatsApp lets nobody but
    // the sender delete it from the sender's phone, so it stays here until the person deletes it.
    sent: (item, answer) => {
      if (!answer.secretInput) return;
      item.classList.add('pin');
      note(item, "PIN: deleted on the bot's side only. It stays on this phone until you delete it.");
    },
  });

  // SMS played here are logged in the local Twilio simulator first; the SMS route deletes those holding a PIN
  // from that log, which the notices poll reports.
  const smsBySid = new Map();
  const sms = conversation({
    log: 'sms-log',
    form: 'sms-form',
    input: 'sms-input',
    endpoint: '/sms',
    sent: (item, answer) => {
      if (answer.sid) smsBySid.set(answer.sid, item);
    },
  });
  function markErased(sids) {
    for (const sid of sids) {
      const item = smsBySid.get(sid);
      if (!item) continue;
      smsBySid.delete(sid);
      item.classList.add('erased');
      note(item, "PIN: deleted from Twilio's message log. It stays on this phone until you delete it.");
    }
  }
  if (settings.sms !== 'true') {
    byId('sms-off').hidden = false;
    byId('sms-input').disabled = true;
  }

  // USSD: a dialer, then the network's screens until one ends the session or the person cancels.
  const dialInput = byId('ussd-dial');
  const dialog = byId('ussd-dialog');
  const screen = byId('ussd-screen');
  const ussdForm = byId('ussd-form');
  const ussdInput = byId('ussd-input');
  const okRow = byId('ussd-ok-row');
  let sessionId = null;
  dialInput.value = settings.code || '';
  if (settings.ussd !== 'true') {
    byId('ussd-off').hidden = false;
    byId('ussd-call').disabled = true;
  }

  const keypad = byId('keypad');
  for (const key of ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#']) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = key;
    button.addEventListener('click', () => {
      dialInput.value += key;
    });
    keypad.append(button);
  }

  function showScreen(text, waitsForInput) {
    dialog.hidden = false;
    screen.textContent = text;
    ussdForm.hidden = !waitsForInput;
    okRow.hidden = waitsForInput;
    ussdInput.value = '';
    ussdInput.disabled = false;
    (waitsForInput ? ussdInput : byId('ussd-ok')).focus();
  }

  async function ussd(payload) {
    showScreen('USSD code running…', false);
    okRow.hidden = true;
    try {
      const answer = await post('/ussd', payload);
      numberError.textContent = '';
      sessionId = answer.sessionId;
      showScreen(answer.screen, !answer.close);
    } catch (error) {
      showNumberProblem(error);
      sessionId = null;
      showScreen(explain(error), false);
    }
  }

  byId('ussd-dialer').addEventListener('submit', (event) => {
    event.preventDefault();
    if (settings.ussd !== 'true') return;
    void ussd({ msisdn: number(), dial: dialInput.value });
  });
  ussdForm.addEventListener('submit', (event) => {
    event.preventDefault();
    if (sessionId === null) return;
    ussdInput.disabled = true;
    void ussd({ sessionId, input: ussdInput.value.trim() });
  });
  function closeUssd() {
    if (sessionId !== null) void post('/ussd/cancel', { sessionId }).catch(() => undefined);
    sessionId = null;
    dialog.hidden = true;
  }
  byId('ussd-cancel').addEventListener('click', closeUssd);
  byId('ussd-ok').addEventListener('click', closeUssd);

  // Notices: polled for the number played, each shown once as it arrives.
  const noticeLog = byId('notice-log');
  const noticeCount = byId('notice-count');
  let seen = new Set();
  let generation = 0;
  if (settings.notices !== 'true') byId('notices-off').hidden = false;

  async function pollNotices() {
    const asked = generation;
    const from = number();
    try {
      if (from !== '' && settings.notices === 'true') {
        const response = await fetch(base + '/notices?' + new URLSearchParams({ msisdn: from }));
        const data = response.ok ? await response.json() : { notices: [] };
        if (asked === generation) {
          for (const notice of data.notices) {
            if (seen.has(notice.id)) continue;
            seen.add(notice.id);
            const item = document.createElement('li');
            item.className = 'fresh';
            const time = document.createElement('span');
            time.className = 'time';
            time.textContent = clock(new Date(notice.at)) + ' · SMS';
            const text = document.createElement('span');
            text.className = 'text';
            text.textContent = notice.text;
            item.append(time, text);
            noticeLog.prepend(item);
          }
          noticeCount.textContent = String(seen.size);
          markErased(data.erased || []);
        }
      }
    } catch {
      // The server may be restarting: the next poll tries again.
    }
    setTimeout(pollNotices, 1000);
  }

  // Another number is another person: their conversations and notices start empty.
  numberInput.addEventListener('change', () => {
    numberError.textContent = '';
    generation += 1;
    seen = new Set();
    smsBySid.clear();
    noticeLog.replaceChildren();
    noticeCount.textContent = '0';
    chat.clear();
    sms.clear();
    closeUssd();
  });

  void pollNotices();
})();
