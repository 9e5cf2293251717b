/*
 * attention.js -- "who needs attention today" (staff): the clients of the
 * practitioner (every client for owners and admins), ranked by the server,
 * each with its reasons and a button that opens the client.
 *
 * Loaded after app.js, whose helpers it takes from window.Rebound; app.js
 * calls attention() when the tab is shown and reset() on log-out.  Server
 * text is only ever put on the page with textContent.
 */
'use strict';

(() => {
  const R = window.Rebound;
  if (!R) return;
  const { api, $, show, setText, clearError, showError, el, badge } = R;

  /* The server's reason kinds (app/attention.c), most urgent first. */
  const KINDS = {
    red_flag: ['Red flag', 'status-expired'],
    clearance_pending: ['Clearance pending', 'status-expired'],
    pain: ['Pain', 'status-expired'],
    load_spike: ['Load change', 'status-soon'],
    recommendations: ['Recommendation', 'status-soon'],
    missed_sessions: ['Missed sessions', 'status-soon'],
    gate_ready: ['Ready to test', 'status-current'],
    checkin_overdue: ['No check-in', 'kind'],
    clearance_expiring: ['Clearance ending', 'kind'],
  };

  let seq = 0;

  function reset() {
    seq++;
    $('attention').replaceChildren();
    setText($('attention-date'), '');
    setText($('attention-note'), '');
    show($('attention-empty'), false);
    clearError($('attention-error'), null);
  }

  async function load() {
    const mine = ++seq;
    const button = $('attention-refresh');
    clearError($('attention-error'), null);
    button.disabled = true;
    const r = await api('GET', '/api/attention');
    if (mine !== seq) return;
    button.disabled = false;
    if (r.status === 401) return R.sessionLost();
    if (r.error) {
      showError($('attention-error'), null, r.error, null);
      return;
    }
    const d = r.data || {};
    const clients = Array.isArray(d.clients) ? d.clients : [];
    setText($('attention-date'), d.date ? 'As of ' + d.date + ' · ' + clients.length +
      (clients.length === 1 ? ' client' : ' clients') + ' to look at' : '');
    setText($('attention-note'), d.note || '');
    show($('attention-empty'), clients.length === 0);
    $('attention').replaceChildren(...clients.map(row));
  }

  function row(c) {
    const li = el('li', 'record attention-row');
    li.dataset.client = String(c.client_id);
    const head = el('div', 'record-head');
    const open = el('button', 'linklike attention-name', R.fullName(c));
    open.type = 'button';
    open.dataset.client = String(c.client_id);
    open.setAttribute('aria-label', 'Open ' + R.fullName(c));
    head.append(open, el('span', 'record-meta', 'score ' + R.num(c.score)));
    li.appendChild(head);
    const reasons = Array.isArray(c.reasons) ? c.reasons : [];
    const ul = el('ul', 'reasons');
    for (const x of reasons) {
      const item = el('li');
      const k = KINDS[x.kind] || [R.wordLabel(x.kind), 'kind'];
      item.append(badge(k[0], k[1]), ' ', el('span', null, x.message || ''));
      if (x.source) item.append(' ', el('span', 'muted', '(source ' + x.source + ')'));
      ul.appendChild(item);
    }
    li.appendChild(ul);
    return li;
  }

  function onClick(ev) {
    const b = ev.target.closest('button[data-client]');
    if (!b || !$('attention').contains(b)) return;
    R.showTab('clients');
    R.openClient(b.dataset.client);
  }

  $('attention-refresh').addEventListener('click', load);
  $('attention').addEventListener('click', onClick);
  R.parts = (R.parts || []).concat([{ attention: load, reset }]);
})();
