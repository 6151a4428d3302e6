// The resident simulator: acts as a LINE user of a registered town. Everything goes through the
// emulator's /simulator/api (which signs and sends the webhooks); the page never sees a secret.
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const state = { tenantId: null, userId: null, after: 0, last: null, lastFrom: null, polling: null, picker: null };

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (k === 'class') node.className = v;
      else if (k === 'text') node.textContent = v;
      else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
      else if (v !== undefined && v !== null) node.setAttribute(k, v);
    });
    children.filter(Boolean).forEach((c) => node.append(c));
    return node;
  }

  function say(message) { $('status').textContent = message || ''; }

  async function api(path, options) {
    const response = await fetch('/simulator/api/' + path, Object.assign({ headers: { 'Content-Type': 'application/json' } }, options));
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    return { status: response.status, body };
  }

  // --- towns and residents -----------------------------------------------------------------------

  async function loadTowns() {
    const { body } = await api('towns');
    const select = $('town');
    select.replaceChildren(el('option', { value: '', text: '町を選んでください' }),
      ...(body || []).map((t) => el('option', { value: t.tenantId, text: t.name + '（' + t.tenantId + '）' })));
    if (!body || body.length === 0) say('町が登録されていません（LineEmulator.registerTown）。');
  }

  async function loadResidents(selectUserId) {
    const { body } = await api('residents' + (state.tenantId ? '?tenantId=' + encodeURIComponent(state.tenantId) : ''));
    const select = $('resident');
    const residents = body || [];
    select.replaceChildren(el('option', { value: '', text: residents.length ? '住民を選んでください' : '（住民を追加してください）' }),
      ...residents.map((r) => el('option', { value: r.userId, text: r.displayName, 'data-following': String(r.following) })));
    const wanted = selectUserId || state.userId;
    if (wanted && residents.some((r) => r.userId === wanted)) select.value = wanted;
    const chosen = residents.find((r) => r.userId === select.value);
    $('follow-state').textContent = chosen ? (chosen.following ? '友だち（' + chosen.displayName + '）' : '友だちではありません') : '';
  }

  async function createResident(event) {
    event.preventDefault();
    const displayName = $('new-resident-name').value.trim();
    const userId = $('new-resident-id').value.trim();
    const { status, body } = await api('residents', { method: 'POST', body: JSON.stringify({ displayName, userId: userId || undefined }) });
    if (status !== 201) { say(body && body.detail ? body.detail : '住民を追加できませんでした。'); return; }
    say('');
    $('new-resident-name').value = '';
    $('new-resident-id').value = '';
    $('new-resident-panel').open = false;
    await loadResidents(body.userId);
    choose();
  }

  function choose() {
    state.tenantId = $('town').value || null;
    const userId = $('resident').value || null;
    if (userId !== state.userId) {
      state.userId = userId;
      state.after = 0;
      state.last = null;
      $('log').replaceChildren();
      $('quick-replies').replaceChildren();
    }
    const ready = Boolean(state.tenantId && state.userId);
    ['follow', 'block', 'send', 'text', 'open-location', 'send-image'].forEach((id) => { $(id).disabled = !ready; });
    if (ready) poll();
  }

  // --- sending -------------------------------------------------------------------------------------

  async function send(event, display) {
    if (!state.tenantId || !state.userId) { say('町と住民を選んでください。'); return false; }
    $('quick-replies').replaceChildren();
    const { status, body } = await api('send', { method: 'POST', body: JSON.stringify({ tenantId: state.tenantId, userId: state.userId, event, display }) });
    if (status >= 200 && status < 300) say('');
    else say(body && body.detail ? body.detail : 'Webhook の応答: HTTP ' + status + '（サービスが受け付けませんでした）');
    setTimeout(poll, 150);
    return status >= 200 && status < 300;
  }

  const sendText = (text) => send({ type: 'message', message: { type: 'text', text } });

  async function sendImage() {
    const canvas = document.createElement('canvas');
    canvas.width = 320; canvas.height = 240;
    const g = canvas.getContext('2d');
    const gradient = g.createLinearGradient(0, 0, 320, 240);
    gradient.addColorStop(0, '#4fc3f7'); gradient.addColorStop(1, '#81c784');
    g.fillStyle = gradient; g.fillRect(0, 0, 320, 240);
    g.fillStyle = '#fff'; g.font = 'bold 28px sans-serif';
    g.fillText('テスト画像', 20, 110);
    g.font = '20px sans-serif';
    g.fillText(new Date().toLocaleTimeString('ja-JP'), 20, 150);
    const dataBase64 = canvas.toDataURL('image/png').split(',')[1];
    await send({ type: 'message', message: { type: 'image', dataBase64 } });
  }

  function openLocation() {
    $('location-panel').hidden = false;
    $('location-address').focus();
  }

  async function sendLocation(event) {
    event.preventDefault();
    const latitude = Number($('location-lat').value);
    const longitude = Number($('location-lon').value);
    const address = $('location-address').value.trim();
    if (await send({ type: 'message', message: { type: 'location', title: '位置情報', address, latitude, longitude } })) {
      $('location-panel').hidden = true;
      $('text').focus();
    }
  }

  function openPicker(action) {
    const mode = action.mode || 'date';
    const input = $('picker-input');
    input.type = mode === 'datetime' ? 'datetime-local' : mode;
    ['min', 'max'].forEach((k) => { if (action[k]) input.setAttribute(k, action[k]); else input.removeAttribute(k); });
    input.value = action.initial || '';
    $('picker-label').textContent = mode === 'date' ? '日付' : mode === 'time' ? '時刻' : '日時';
    $('picker-title').textContent = action.label || '日時を選ぶ';
    state.picker = action;
    $('picker-panel').hidden = false;
    input.focus();
  }

  async function sendPicker(event) {
    event.preventDefault();
    const action = state.picker;
    const value = $('picker-input').value;
    if (!action || !value) return;
    const mode = action.mode || 'date';
    const params = {}; params[mode] = value;
    if (await send({ type: 'postback', postback: { data: action.data, params } }, value.replace('T', ' '))) {
      $('picker-panel').hidden = true;
      state.picker = null;
    }
  }

  /** What tapping an action does, as in LINE. */
  function perform(action) {
    switch (action.type) {
      case 'postback': return send({ type: 'postback', postback: { data: action.data } }, action.displayText || action.text || undefined);
      case 'message': return sendText(action.text);
      case 'datetimepicker': return openPicker(action);
      case 'location': return openLocation();
      case 'camera': case 'cameraRoll': return sendImage();
      case 'uri': return window.open(action.uri, '_blank', 'noopener');
      default: say('この操作（' + action.type + '）はシミュレーターでは使えません。');
    }
  }

  function actionButton(action, className) {
    const label = action.label || action.displayText || action.text || action.type;
    return el('button', { type: 'button', class: className, 'data-action-type': action.type, text: label, onclick: () => perform(action) });
  }

  // --- rendering -----------------------------------------------------------------------------------

  function renderFlex(node) {
    if (!node) return null;
    switch (node.type) {
      case 'carousel': return el('div', { class: 'flex-carousel' }, ...(node.contents || []).map(renderFlex));
      case 'bubble':
        return el('div', { class: 'flex-bubble' }, ...['header', 'hero', 'body', 'footer']
          .filter((part) => node[part]).map((part) => el('div', { class: 'flex-section ' + part }, renderFlex(node[part]))));
      case 'box': return el('div', { class: 'flex-box ' + (node.layout || 'vertical') }, ...(node.contents || []).map(renderFlex));
      case 'text': {
        const text = node.text || (node.contents || []).map((s) => s.text || '').join('');
        return el('div', { class: 'flex-text ' + (node.weight === 'bold' ? 'bold ' : '') + (node.size || ''), text });
      }
      case 'button': return actionButton(node.action || {}, 'flex-button ' + (node.style || 'link'));
      case 'separator': return el('hr', { class: 'flex-separator' });
      case 'image': return el('img', { src: node.url, alt: '画像' });
      default: return null; // filler, spacer, icon, video
    }
  }

  function renderTemplate(template) {
    const box = el('div', { class: 'template' });
    const columns = template.columns || [template];
    columns.forEach((column) => {
      if (column.title) box.append(el('div', { class: 'title', text: column.title }));
      if (column.text) box.append(el('div', { text: column.text }));
      (column.actions || []).forEach((a) => box.append(actionButton(a, 'secondary')));
    });
    return box;
  }

  function renderAccount(message) {
    switch (message.type) {
      case 'text': case 'textV2': return el('div', { class: 'bubble', text: message.text });
      case 'flex': return el('div', { class: 'flex', 'aria-label': message.altText }, renderFlex(message.contents));
      case 'template': return renderTemplate(message.template || {});
      case 'image': return el('div', { class: 'bubble' }, el('img', { src: message.previewImageUrl || message.originalContentUrl, alt: '画像' }));
      case 'sticker': return el('div', { class: 'bubble', text: '［スタンプ］' });
      case 'location': return el('div', { class: 'bubble', text: '📍 ' + (message.title || '') + ' ' + (message.address || '') });
      default: return el('div', { class: 'bubble' }, el('span', { class: 'alt', text: message.altText || '［' + message.type + ' メッセージ］' }));
    }
  }

  function renderResident(display) {
    switch (display.kind) {
      case 'image': return el('div', { class: 'bubble' }, el('img', { src: '/simulator/api/content/' + encodeURIComponent(display.contentId), alt: '送った画像' }));
      case 'location': return el('div', { class: 'bubble', text: '📍 ' + display.text });
      default: return el('div', { class: 'bubble', text: display.text });
    }
  }

  function append(entry) {
    const log = $('log');
    let row;
    if (entry.from === 'account') {
      row = el('div', { class: 'msg account', 'data-type': entry.message.type }, renderAccount(entry.message));
    } else {
      const system = entry.display.kind === 'system';
      row = el('div', { class: 'msg ' + (system ? 'system' : 'resident') }, renderResident(entry.display));
    }
    log.append(row);
    state.last = entry;
  }

  /** LINE shows the quick reply of the latest message only while it is the last thing in the chat. */
  function showQuickReplies() {
    const bar = $('quick-replies');
    bar.replaceChildren();
    const last = state.last;
    if (!last || last.from !== 'account' || !last.message.quickReply) return;
    (last.message.quickReply.items || []).forEach((item) => bar.append(actionButton(item.action || {}, 'chip')));
  }

  async function poll() {
    if (!state.tenantId || !state.userId) return;
    const userId = state.userId;
    const { status, body } = await api('timeline?userId=' + encodeURIComponent(userId) + '&tenantId=' + encodeURIComponent(state.tenantId) + '&after=' + state.after);
    if (status !== 200 || userId !== state.userId || !body || body.length === 0) return;
    body.forEach((entry) => { if (entry.sequence > state.after) { append(entry); state.after = entry.sequence; } });
    showQuickReplies();
    const log = $('log');
    log.scrollTop = log.scrollHeight;
    if (body.some((e) => e.from === 'resident' && e.display.kind === 'system')) loadResidents();
  }

  // --- wiring --------------------------------------------------------------------------------------

  $('town').addEventListener('change', async () => { state.tenantId = $('town').value || null; await loadResidents(); choose(); });
  $('resident').addEventListener('change', async () => { await loadResidents($('resident').value); choose(); });
  $('new-resident-form').addEventListener('submit', createResident);
  $('follow').addEventListener('click', () => send({ type: 'follow' }));
  $('block').addEventListener('click', () => send({ type: 'unfollow' }));
  $('text-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const text = $('text').value;
    if (!text.trim()) return;
    if (await sendText(text)) $('text').value = '';
  });
  $('send-image').addEventListener('click', sendImage);
  $('open-location').addEventListener('click', openLocation);
  $('location-form').addEventListener('submit', sendLocation);
  $('location-cancel').addEventListener('click', () => { $('location-panel').hidden = true; });
  $('picker-form').addEventListener('submit', sendPicker);
  $('picker-cancel').addEventListener('click', () => { $('picker-panel').hidden = true; state.picker = null; });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') { $('picker-panel').hidden = true; $('location-panel').hidden = true; }
  });

  loadTowns().then(loadResidents).then(choose);
  state.polling = setInterval(poll, 1000);
})();
