// Negotiation audit: rounds side by side with their concessions, mandate checks, approvals, corrections and the
// outcome (GET /negotiations/{id}); the evidence pack comes from the command side through /ui/api/command.
import {
  api, el, $, startPage, words, number, money, time, duration, problemText, param, terms, fact, UUID,
} from './common.js';
import { priceChart, drawInto } from './charts.js';

const TERMS = [
  ['price', 'Price', (t) => money(t.price), (t) => (t.price ? Number(t.price.amount) : null)],
  ['quantity', 'Quantity', (t) => number(t.quantity), (t) => t.quantity],
  ['durationMonths', 'Duration (months)', (t) => number(t.durationMonths), (t) => t.durationMonths],
  ['paymentTermsDays', 'Payment terms (days)', (t) => number(t.paymentTermsDays), (t) => t.paymentTermsDays],
  ['discountPercent', 'Discount (%)', (t) => number(t.discountPercent), (t) => t.discountPercent],
];
const id = param('id');
let history;

function side(s) {
  return s === 'OURS' ? 'Ours' : s === 'THEIRS' ? 'Theirs' : words(s);
}

function mandateCheck(check) {
  if (!check) return '—';
  return check.withinMandate
    ? el('span', { class: 'badge good' }, 'within mandate')
    : el('span', {}, el('span', { class: 'badge bad' }, 'outside mandate'),
      el('span', { class: 'change' }, check.breaches.join('; ')));
}

function concessionNote(round, key) {
  const c = round.concession && round.concession.terms ? round.concession.terms[key] : null;
  if (!c) return null;
  if (c.change === null || c.change === undefined) {
    return el('span', { class: 'change' }, c.note || 'not comparable');
  }
  const arrow = c.direction === 'UP' ? '▲' : c.direction === 'DOWN' ? '▼' : '=';
  const signed = c.change > 0 ? `+${number(c.change)}` : number(c.change);
  const toward = c.towardOther === true ? 'toward them (conceded)'
    : c.towardOther === false ? (c.direction === 'SAME' ? 'unchanged' : 'not toward them') : (c.note || 'cannot say');
  const cls = c.towardOther === true ? 'change toward' : c.towardOther === false && c.direction !== 'SAME' ? 'change away' : 'change';
  return el('span', { class: cls, dataset: { concession: key } }, `${arrow} ${signed}, ${toward}`);
}

function renderHeader(n) {
  document.title = `${n.subject} · Negotiation · Relationship Ledger`;
  $('#subject').textContent = n.subject;
  const crumb = $('#crumb-relationship');
  crumb.href = `/ui/relationship.html?id=${n.relationshipId}`;
  api(`/relationships/${n.relationshipId}`).then((r) => { crumb.textContent = r.counterpartyName; }).catch(() => { });
  $('#outcome').replaceChildren(
    fact('Status', el('span', { class: `badge ${n.status === 'AGREED' ? 'good' : n.status === 'OPEN' ? 'neutral' : 'bad'}` }, words(n.status)), 'status'),
    fact('Outcome', n.outcome ? words(n.outcome) : 'open', 'outcome'),
    fact('Rounds', String(n.rounds), 'rounds'),
    fact('Opened', `${time(n.openedAt)} by ${n.openedBy}`, 'opened'),
    fact('Concluded', n.concludedAt ? `${time(n.concludedAt)} by ${n.concludedBy}` : '—', 'concluded'),
    fact('Time to agreement', duration(n.timeToAgreementSeconds), 'timeToAgreement'),
    fact('Reason', n.conclusionReason || '—', 'reason'),
    fact('Agreed terms', n.agreedTerms ? terms(n.agreedTerms) : '—', 'agreedTerms'),
    fact('Relationship', el('a', { href: `/ui/relationship.html?id=${n.relationshipId}` }, 'open the relationship'), 'relationship'));
  const m = n.mandate || {};
  $('#mandate').replaceChildren(
    fact('Price floor', m.priceFloor ? money(m.priceFloor) : 'none', 'priceFloor'),
    fact('Price ceiling', m.priceCeiling ? money(m.priceCeiling) : 'none', 'priceCeiling'),
    fact('Largest discount', m.maxDiscountPercent !== null && m.maxDiscountPercent !== undefined ? `${number(m.maxDiscountPercent)} %` : 'none', 'maxDiscountPercent'),
    fact('Duration', `${m.minDurationMonths ?? '—'} to ${m.maxDurationMonths ?? '—'} months`, 'duration'),
    fact('Approvers', (m.approvers || []).join(', ') || 'none', 'approvers'));
}

function renderRounds(rounds) {
  if (!rounds.length) {
    $('#rounds').replaceChildren(el('p', { class: 'hint' }, 'No proposal has been recorded yet.'));
    return;
  }
  const row = (label, cell) => el('tr', {}, el('th', { scope: 'row' }, label), rounds.map((r) => el('td', {}, cell(r))));
  const termRow = ([key, label, show, value]) => row(label, (r) => {
    const now = r.currentTerms || r.terms;
    const made = r.terms;
    const parts = [el('span', { dataset: { term: key } }, show(now))];
    if (r.corrected && made && value(made) !== value(now)) parts.push(el('span', { class: 'as-made' }, `as made: ${show(made)}`));
    const note = concessionNote(r, key);
    if (note) parts.push(note);
    return parts;
  });
  const table = el('table', { class: 'rounds', id: 'rounds-table' },
    el('caption', { class: 'visually-hidden' }, 'Each column is one round; rows are the terms and checks'),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Round'),
      rounds.map((r) => el('th', { scope: 'col', class: r.side, dataset: { round: r.round } }, `Round ${r.round}: ${side(r.side)}`)))),
    el('tbody', {},
      row('Made', (r) => time(r.madeAt)),
      row('Recorded', (r) => `${time(r.recordedAt)} by ${r.actor}`),
      row('Since previous round', (r) => duration(r.secondsSincePreviousRound)),
      TERMS.map(termRow),
      row('Conditions', (r) => ((r.currentTerms || r.terms).conditions || []).join('; ') || '—'),
      row('Mandate check (as made)', (r) => mandateCheck(r.mandateCheck)),
      row('Mandate check (current terms)', (r) => (r.corrected ? mandateCheck(r.currentMandateCheck) : 'same')),
      row('Approval', (r) => (r.approval
        ? `${r.approval.approvedBy} approved ${time(r.approval.approvedAt)}; asked by ${r.approval.requestedBy}: “${r.approval.justification}”${r.approval.comment ? `; comment: “${r.approval.comment}”` : ''}`
        : '—')),
      row('Conceded', (r) => (r.concession ? (r.concession.conceded.join(', ') || 'nothing') : 'first offer of this side')),
      row('Moved away', (r) => (r.concession ? (r.concession.movedAway.join(', ') || 'nothing') : '—')),
      row('Corrections', (r) => (r.corrections.length
        ? r.corrections.map((c) => `${time(c.recordedAt)} by ${c.actor}: ${c.reason}`).join('; ') : 'none'))));
  $('#rounds').replaceChildren(table);
}

function renderApprovals(approvals, rounds) {
  if (!approvals.length) {
    $('#approvals').replaceChildren(el('p', { class: 'hint' }, 'No approval was requested.'));
    return;
  }
  const roundOf = (proposalId) => rounds.find((r) => r.proposalId === proposalId)?.round;
  $('#approvals').replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'cards', id: 'approvals-table' },
    el('caption', { class: 'visually-hidden' }, 'Approval requests in the order asked'),
    el('thead', {}, el('tr', {}, ['Requested', 'Terms', 'Outside the mandate because', 'Justification', 'Decision', 'Used by']
      .map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, approvals.map((a) => el('tr', {},
      el('td', { 'data-label': 'Requested' }, `${time(a.requestedAt)} by ${a.requestedBy}`),
      el('td', { 'data-label': 'Terms' }, terms(a.terms)),
      el('td', { 'data-label': 'Outside because' }, (a.breaches || []).join('; ')),
      el('td', { 'data-label': 'Justification' }, a.justification || '—'),
      el('td', { 'data-label': 'Decision' }, el('span', { class: `badge ${a.status === 'GRANTED' ? 'good' : a.status === 'DENIED' ? 'bad' : 'neutral'}` }, words(a.status)),
        a.decidedBy ? ` by ${a.decidedBy}, ${time(a.decidedAt)}` : '', a.comment ? `: “${a.comment}”` : ''),
      el('td', { 'data-label': 'Used by' }, a.usedByProposalId ? `round ${roundOf(a.usedByProposalId) ?? '?'}` : (a.usedByPosition ? `correction #${a.usedByPosition}` : 'not used'))))))));
}

function renderCorrections(rounds) {
  const all = rounds.flatMap((r) => r.corrections.map((c) => ({ round: r.round, side: r.side, ...c })));
  if (!all.length) {
    $('#corrections').replaceChildren(el('p', { class: 'hint' }, 'No recorded terms were corrected.'));
    return;
  }
  $('#corrections').replaceChildren(el('ul', { class: 'sublist', id: 'corrections-list' }, all.map((c) => el('li', {},
    el('strong', {}, `Round ${c.round} (${side(c.side)}), #${c.position}`), `: ${time(c.recordedAt)} by ${c.actor}, “${c.reason}”.`,
    el('br'), `Was: ${terms(c.previousTerms)}.`, el('br'), `Now: ${terms(c.correctedTerms)}.`, el('br'),
    'Mandate check of the corrected terms: ', mandateCheck(c.mandateCheck)))));
  if (history.correctionsTruncated) {
    $('#corrections').append(el('p', { class: 'message warn' }, 'Only the first 2,000 corrections are shown.'));
  }
}

function download(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function exportEvidence(me) {
  const status = $('#evidence-status');
  const button = $('#export-evidence');
  button.disabled = true;
  status.className = 'message';
  status.textContent = 'Asking the command side for the evidence pack…';
  try {
    const response = await fetch(`/ui/api/command/evidence/negotiations/${id}`, { credentials: 'same-origin' });
    const type = response.headers.get('Content-Type') || '';
    if (response.ok && !type.includes('json')) {
      const disposition = response.headers.get('Content-Disposition') || '';
      const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] || `evidence-negotiation-${id}.zip`;
      download(await response.blob(), name);
      status.className = 'message ok';
      status.textContent = `Evidence pack downloaded (${name}).`;
      status.dataset.outcome = 'downloaded';
      return;
    }
    const problem = type.includes('json') ? await response.json().catch(() => null) : null;
    status.className = 'message warn';
    status.dataset.outcome = String(response.status);
    const problemType = String(problem?.type || '');
    if (response.status === 404 && problemType.endsWith(':not-found')) {
      status.textContent = `The command side has no events of this negotiation (${problem.detail}).`;
    } else if (response.status === 404) {
      status.textContent = 'Evidence packs are not available yet: the command side does not offer them (it answered 404). '
        + 'Until it does, download this negotiation\'s history as JSON below'
        + (me.may.audit ? ', or its audit trail as CSV from the compliance tools.' : '.');
    } else if (response.status === 403) {
      status.textContent = 'Your role may not export evidence packs (the command side refused).';
    } else if (response.status === 401) {
      status.textContent = problem?.detail ? `${problem.detail}.` : 'Log in again to export evidence packs.';
    } else if (response.status === 409) {
      status.className = 'message error';
      status.textContent = `No evidence pack: the ledger does not match its chain${problem?.position ? ` at position ${problem.position}` : ''}`
        + `${problem?.detail ? ` (${problem.detail})` : ''}. Run the chain verification on the compliance page.`;
    } else if (response.status === 503) {
      const retry = response.headers.get('Retry-After');
      status.textContent = `The evidence pack cannot be made right now: ${problem?.detail || 'the command side is not ready'}`
        + (retry ? `. Try again in ${retry} s.` : '.');
    } else {
      status.textContent = `The evidence pack could not be exported (${response.status}${problem?.detail ? `: ${problem.detail}` : ''}).`;
    }
  } catch (e) {
    status.className = 'message error';
    status.textContent = `The evidence pack could not be exported: ${e.message}.`;
  } finally {
    button.disabled = false;
  }
}

async function main() {
  const me = await startPage('portfolio');
  if (!id || !UUID.test(id)) {
    $('#page-error').textContent = 'No negotiation is named: open one from its relationship.';
    return;
  }
  $('#export-history').addEventListener('click', () => {
    if (history) download(new Blob([JSON.stringify(history, null, 2)], { type: 'application/json' }), `negotiation-${id}.json`);
  });
  if (me.may.evidence) {
    $('#export-evidence').addEventListener('click', () => exportEvidence(me));
  } else {
    $('#export-evidence').remove();
    $('#evidence-status').textContent = 'Evidence packs are exported by managers and compliance officers.';
  }
  history = await api(`/negotiations/${id}`);
  renderHeader(history.negotiation);
  renderRounds(history.rounds);
  drawInto($('#price'), (width) => priceChart(history.rounds, history.negotiation.mandate, width));
  renderApprovals(history.approvals, history.rounds);
  renderCorrections(history.rounds);
  $('#main').dataset.state = 'ready';
}

main().catch((e) => {
  $('#page-error').textContent = problemText(e, 'this negotiation');
  $('#main').dataset.state = 'error';
});
