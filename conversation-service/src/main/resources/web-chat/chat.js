// The web chat page: draws the conversation the server returns (WebChat.ChatView) and sends each
// answer back as JSON. No framework and no build step; everything is drawn with textContent, never
// innerHTML, so nothing a resident or a flow author wrote can become markup.
(function () {
  'use strict';

  const tenant = document.body.dataset.tenant;
  const base = '/chat/' + tenant;
  const log = document.getElementById('log');
  const controls = document.getElementById('controls');
  const answer = document.getElementById('answer');
  const errorBox = document.getElementById('answer-error');
  let busy = false;
  let questionCount = 0;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === 'className') node.className = v; else node.setAttribute(k, v === true ? '' : v);
    });
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function bubble(text, who, extra) {
    const p = el('p', { className: 'bubble ' + who + (extra ? ' ' + extra : '') }, text);
    log.appendChild(p);
    return p;
  }

  function showError(message, input) {
    errorBox.textContent = message;
    errorBox.hidden = false;
    if (input) {
      input.setAttribute('aria-invalid', 'true');
      input.setAttribute('aria-describedby', [input.getAttribute('aria-describedby'), 'answer-error'].filter(Boolean).join(' '));
      input.focus();
    }
  }

  function clearError() {
    errorBox.textContent = '';
    errorBox.hidden = true;
  }

  function setBusy(on) {
    busy = on;
    answer.setAttribute('aria-busy', on ? 'true' : 'false');
    controls.querySelectorAll('button, input').forEach(c => { c.disabled = on; });
  }

  async function call(path, init) {
    if (busy) return;
    setBusy(true);
    try {
      const response = await fetch(base + path, Object.assign({ credentials: 'same-origin', headers: { 'Accept': 'application/json' } }, init));
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        setBusy(false);
        showError(body.detail || 'うまく送れませんでした。もう一度ためしてください。', controls.querySelector('input:not([type=hidden])'));
        return;
      }
      render(body, true);
    } catch (e) {
      setBusy(false);
      showError('通信できませんでした。電波のよいところで、もう一度ためしてください。', null);
    }
  }

  function postJson(path, payload) {
    return call(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: JSON.stringify(payload)
    });
  }

  function send(input, echo) {
    clearError();
    if (echo) bubble(echo, 'me');
    return postJson('/input', input);
  }

  function choose(option) {
    return send({ kind: 'choice', value: option.value }, option.label);
  }

  // --- drawing one turn -------------------------------------------------------------------------

  function render(view, moveFocus) {
    controls.replaceChildren();
    clearError();
    let question = null;
    view.replies.forEach((reply, i) => {
      const last = i === view.replies.length - 1;
      const asks = view.underWay && last && reply.type !== 'say';
      if (view.outcome === 'INVALID' && asks && lastQuestionText() === reply.text) {
        question = lastQuestion(); // the same question again: it is already on the screen
      } else {
        const b = bubble(reply.text, 'town', asks ? 'question' : null);
        if (asks) {
          questionCount++;
          b.id = 'q' + questionCount;
          b.tabIndex = -1;
          question = b;
        }
      }
    });
    setBusy(false);
    if (view.underWay && question) {
      const reply = view.replies[view.replies.length - 1];
      const first = drawQuestion(reply, question.id);
      if (view.error) {
        showError(view.error, first && first.tagName === 'INPUT' ? first : null);
        if (!first || first.tagName !== 'INPUT') question.focus();
      } else if (moveFocus) {
        question.focus();
      }
    } else {
      drawMenu(view, moveFocus);
    }
    if (view.outcome === 'COMPLETED') awaitReceipt();
  }

  // --- notices --------------------------------------------------------------------------------

  const seenNotices = new Set();

  function noticeKey(n) {
    return n.at + '|' + n.text;
  }

  /**
   * The receipt number is assigned by the town a moment after the resident finishes: ask for the
   * notices a few times and show the new one in the conversation.
   */
  function awaitReceipt() {
    let tries = 0;
    const again = () => { if (++tries < 12) setTimeout(poll, 1500); };
    const poll = () => fetch(base + '/conversation', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
      .then(response => response.ok ? response.json() : Promise.reject(response))
      .then(view => {
        const fresh = (view.notices || []).filter(n => !seenNotices.has(noticeKey(n)));
        if (fresh.length === 0) { again(); return; }
        fresh.reverse().forEach(n => {
          seenNotices.add(noticeKey(n));
          const b = bubble(n.text, 'town', 'notice');
          b.setAttribute('role', 'status');
        });
      })
      .catch(again);
    setTimeout(poll, 1000);
  }

  function lastQuestion() {
    const all = log.querySelectorAll('.bubble.question');
    return all.length ? all[all.length - 1] : null;
  }

  function lastQuestionText() {
    const q = lastQuestion();
    return q ? q.textContent : null;
  }

  /** Draws the controls of one question; answers the first text-like input, if any. */
  function drawQuestion(reply, questionId) {
    let first = null;
    switch (reply.type) {
      case 'ask':
        first = reply.typing ? textForm('answer-text', 'こたえを入力する', questionId, 'text') : null;
        optionButtons(reply.options, questionId);
        break;
      case 'date':
        first = dateForm(reply, questionId);
        optionButtons(reply.options, questionId);
        break;
      case 'location':
        first = textForm('answer-address', '住所を入力する', questionId, 'address');
        locationButton();
        optionButtons(reply.options, questionId);
        break;
      case 'photo':
        first = photoForm(reply, questionId);
        optionButtons(reply.options, questionId);
        break;
      case 'summary':
        summaryTable(reply);
        optionButtons(reply.options, questionId);
        break;
      default:
        break;
    }
    shortcutButtons(reply.shortcuts);
    return first;
  }

  function textForm(id, label, questionId, kind) {
    const form = el('form', { className: 'text-form', novalidate: true });
    form.appendChild(el('label', { for: id }, label));
    const row = el('div', { className: 'row' });
    const input = el('input', { id: id, type: 'text', name: id, autocomplete: kind === 'address' ? 'street-address' : 'off',
      'aria-describedby': questionId, maxlength: 1000 });
    row.appendChild(input);
    row.appendChild(el('button', { type: 'submit', id: id + '-send' }, '送る'));
    form.appendChild(row);
    form.addEventListener('submit', event => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) {
        showError('入力してください。', input);
        return;
      }
      send({ kind: 'text', text: text }, text);
    });
    controls.appendChild(form);
    return input;
  }

  function dateForm(reply, questionId) {
    const form = el('form', { className: 'date-form', novalidate: true });
    const type = reply.withTime ? 'datetime-local' : 'date';
    form.appendChild(el('label', { for: 'answer-date' }, reply.withTime ? '日付と時間を選ぶ' : '日付を選ぶ'));
    const input = el('input', { id: 'answer-date', type: type, name: 'date', 'aria-describedby': questionId + ' answer-date-range',
      min: reply.min ? (reply.withTime ? reply.min + 'T00:00' : reply.min) : null,
      max: reply.max ? (reply.withTime ? reply.max + 'T23:59' : reply.max) : null, required: true });
    form.appendChild(input);
    if (reply.min || reply.max) {
      form.appendChild(el('p', { id: 'answer-date-range', className: 'hint' },
        (reply.min ? japaneseDate(reply.min) + 'から' : '') + (reply.max ? japaneseDate(reply.max) + 'まで' : '') + 'の日を選べます。'));
    }
    form.appendChild(el('button', { type: 'submit', id: 'answer-date-send' }, '送る'));
    form.addEventListener('submit', event => {
      event.preventDefault();
      if (!input.value) {
        showError('日付を選んでください。', input);
        return;
      }
      const [day, time] = input.value.split('T');
      send({ kind: 'date', date: input.value }, japaneseDate(day) + (time ? ' ' + time : ''));
    });
    controls.appendChild(form);
    return input;
  }

  function locationButton() {
    if (!('geolocation' in navigator)) return;
    const button = el('button', { type: 'button', id: 'answer-geolocation', className: 'secondary' }, '位置情報を送る（いまいる場所）');
    button.addEventListener('click', () => {
      clearError();
      button.disabled = true;
      navigator.geolocation.getCurrentPosition(
        position => send({ kind: 'location', latitude: position.coords.latitude, longitude: position.coords.longitude }, '位置情報を送りました'),
        () => {
          button.disabled = false;
          showError('いまいる場所がわかりませんでした。住所を入力してください。', document.getElementById('answer-address'));
        },
        { enableHighAccuracy: true, timeout: 15000 });
    });
    const wrap = el('div', { className: 'options' });
    wrap.appendChild(button);
    controls.appendChild(wrap);
  }

  function photoForm(reply, questionId) {
    const form = el('form', { className: 'photo-form', novalidate: true });
    form.appendChild(el('label', { for: 'answer-photo' }, '写真を選ぶ（あと' + reply.remaining + '枚まで）'));
    const input = el('input', { id: 'answer-photo', type: 'file', name: 'photo', accept: 'image/*', capture: 'environment',
      'aria-describedby': questionId });
    form.appendChild(input);
    form.appendChild(el('button', { type: 'submit', id: 'answer-photo-send' }, '写真を送る'));
    form.addEventListener('submit', event => {
      event.preventDefault();
      if (!input.files || input.files.length === 0) {
        showError('写真を選んでください。', input);
        return;
      }
      if (input.files[0].size > 10 * 1024 * 1024) {
        showError('写真が大きすぎます。10MBより小さい写真を選んでください。', input);
        return;
      }
      clearError();
      bubble('写真を1枚送りました', 'me');
      const data = new FormData();
      data.append('photo', input.files[0]);
      call('/photo', { method: 'POST', body: data });
    });
    controls.appendChild(form);
    return input;
  }

  function summaryTable(reply) {
    const table = el('table', { className: 'summary', id: 'summary' });
    table.appendChild(el('caption', {}, '入力した内容'));
    const body = el('tbody');
    reply.lines.forEach(line => {
      const tr = el('tr');
      tr.appendChild(el('th', { scope: 'row' }, line.label));
      tr.appendChild(el('td', {}, line.value));
      const edit = el('td', { className: 'edit' });
      const button = el('button', { type: 'button', className: 'secondary', 'data-edit': line.field, 'aria-label': line.label + 'を修正する' }, '修正する');
      button.addEventListener('click', () => choose({ value: line.editValue, label: '「' + line.label + '」を修正する' }));
      edit.appendChild(button);
      tr.appendChild(edit);
      body.appendChild(tr);
    });
    table.appendChild(body);
    controls.appendChild(table);
    const confirm = el('button', { type: 'button', className: 'confirm', id: 'answer-confirm' }, reply.confirmLabel);
    confirm.addEventListener('click', () => choose({ value: reply.confirmValue, label: reply.confirmLabel }));
    controls.appendChild(confirm);
  }

  function optionButtons(options, questionId) {
    if (!options || options.length === 0) return;
    const group = el('div', { className: 'options', role: 'group', 'aria-labelledby': questionId });
    options.forEach(option => {
      const button = el('button', { type: 'button', 'data-value': option.value }, option.label);
      button.addEventListener('click', () => choose(option));
      group.appendChild(button);
    });
    controls.appendChild(group);
  }

  function shortcutButtons(shortcuts) {
    if (!shortcuts || shortcuts.length === 0) return;
    const row = el('div', { className: 'shortcuts', role: 'group', 'aria-label': '戻る・やめる' });
    shortcuts.forEach(option => {
      const button = el('button', { type: 'button', className: 'secondary', 'data-value': option.value }, option.label);
      button.addEventListener('click', () => choose(option));
      row.appendChild(button);
    });
    controls.appendChild(row);
  }

  function drawMenu(view, moveFocus) {
    const heading = el('h3', { id: 'menu-heading', tabindex: '-1' }, view.menuPrompt);
    controls.appendChild(heading);
    const group = el('div', { className: 'options', role: 'group', 'aria-labelledby': 'menu-heading', id: 'menu' });
    view.menu.forEach(item => {
      const button = el('button', { type: 'button', 'data-procedure': item.procedureId }, item.title);
      button.addEventListener('click', () => {
        clearError();
        bubble(item.title, 'me');
        postJson('/start', { procedureId: item.procedureId });
      });
      group.appendChild(button);
    });
    controls.appendChild(group);
    // 「申請の状況」: the resident's applications with their receipt numbers, by tapping rather than typing
    const status = el('div', { className: 'shortcuts' });
    const ask = el('button', { type: 'button', className: 'secondary', id: 'ask-status', 'data-value': 'status' }, '申請の状況');
    ask.addEventListener('click', () => choose({ value: 'status', label: '申請の状況' }));
    status.appendChild(ask);
    controls.appendChild(status);
    if (moveFocus) heading.focus();
  }

  function japaneseDate(iso) {
    const [y, m, d] = iso.split('-').map(Number);
    const weekday = '日月火水木金土'.charAt(new Date(y, m - 1, d).getDay());
    return y + '年' + m + '月' + d + '日（' + weekday + '）';
  }

  /** News about the resident's applications, above the conversation (the page cannot be pushed to). */
  function drawNotices(notices) {
    if (!notices || notices.length === 0) return;
    const section = el('section', { id: 'notices', className: 'notices', 'aria-labelledby': 'notices-heading' });
    section.appendChild(el('h2', { id: 'notices-heading' }, 'お知らせ'));
    const list = el('ul');
    notices.forEach(n => {
      seenNotices.add(noticeKey(n));
      const item = el('li');
      if (n.receiptNumber) item.appendChild(el('span', { className: 'receipt' }, '受付番号 ' + n.receiptNumber));
      item.appendChild(el('span', {}, n.text));
      list.appendChild(item);
    });
    section.appendChild(list);
    log.parentNode.insertBefore(section, log);
  }

  // --- start ------------------------------------------------------------------------------------

  fetch(base + '/conversation', { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
    .then(response => response.ok ? response.json() : Promise.reject(response))
    .then(view => { drawNotices(view.notices); render(view, false); })
    .catch(() => {
      controls.replaceChildren();
      showError('読みこめませんでした。ページを開き直してください。', null);
    });
})();
