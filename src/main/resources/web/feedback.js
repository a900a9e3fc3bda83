// rolematch page: the recruiter's feedback on each card (shortlist, reject with a reason, good
// fit), stored by the server (/api/feedback) and shown again on the next visit; the shortlist
// panel with its CSV export; keyboard: j/k between cards, s shortlist, x reject, g good fit,
// o open the resume.
"use strict";

const REASONS = [["", "reason (optional)"], ["wrong_level", "wrong level"], ["missing_must_have", "missing must-have"],
  ["wrong_field", "wrong field"], ["other", "other"]];
const LABELS = [["shortlist", "Shortlist", "s"], ["good_fit", "Good fit", "g"], ["reject", "Reject", "x"]];

/** The feedback key of the current search, or null where feedback is not kept (pasted, reverse). */
function feedbackQuery(search) {
  if (!search) return null;
  if (search.type === "topic") return { query_type: "topic", query: search.q };
  if (search.type === "posting") return { query_type: "posting", query: search.id };
  return null;
}

async function loadFeedback(search) {
  state.feedback = new Map();
  const q = feedbackQuery(search);
  if (!q) return;
  try {
    // With the token: the server lists this user's own verdicts (tokens may name users).
    const r = await api("/api/feedback?" + new URLSearchParams(q), { auth: true });
    state.feedbackUser = r.user;
    for (const f of r.feedback) state.feedback.set(f.candidate, f);
  } catch (e) {
    showStatus("Could not load feedback: " + e.message, true);
  }
}

function feedbackBar(res, shownName) {
  const bar = el("div", "feedback");
  bar.setAttribute("role", "group");
  bar.setAttribute("aria-label", "Feedback on " + shownName);
  for (const [label, text, key] of LABELS) {
    const b = el("button", "fb fb-" + label, text);
    b.type = "button";
    b.dataset.label = label;
    b.setAttribute("aria-keyshortcuts", key);
    b.addEventListener("click", () => toggleFeedback(res.id, label));
    bar.appendChild(b);
  }
  const reason = el("select", "fb-reason");
  reason.setAttribute("aria-label", "Why reject " + shownName);
  for (const [v, t] of REASONS) {
    const o = el("option", null, t);
    o.value = v;
    reason.appendChild(o);
  }
  reason.addEventListener("change", () => giveFeedback(res.id, "reject", reason.value || null));
  bar.appendChild(reason);
  bar.appendChild(el("span", "fb-status"));
  showFeedback(bar, state.feedback.get(res.id));
  return bar;
}

/** Buttons pressed as the stored verdict says; the reason picker only for a rejection. */
function showFeedback(bar, f) {
  const li = bar.closest("li.result");
  if (li) li.dataset.feedback = f ? f.label : "";
  for (const b of bar.querySelectorAll("button.fb")) b.setAttribute("aria-pressed", String(!!f && f.label === b.dataset.label));
  const reason = bar.querySelector(".fb-reason");
  reason.hidden = !f || f.label !== "reject";
  reason.value = f && f.reason ? f.reason : "";
}

function barOf(candidate) {
  const li = document.querySelector('#results li.result[data-id="' + CSS.escape(candidate) + '"]');
  return li ? li.querySelector(".feedback") : null;
}

async function toggleFeedback(candidate, label) {
  const now = state.feedback.get(candidate);
  if (now && now.label === label) return withdrawFeedback(candidate);
  return giveFeedback(candidate, label, null);
}

async function giveFeedback(candidate, label, reason) {
  const q = feedbackQuery(state.last);
  if (!q) return;
  const body = Object.assign({}, q, { candidate, label });
  if (reason) body.reason = reason;
  const bar = barOf(candidate);
  try {
    const r = await api("/api/feedback", { method: "POST", auth: true, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    state.feedback.set(candidate, r.feedback[0]);
    if (bar) { showFeedback(bar, r.feedback[0]); bar.querySelector(".fb-status").textContent = "saved"; }
    if (bar && label === "reject" && !reason) bar.querySelector(".fb-reason").focus();
  } catch (e) {
    if (bar) bar.querySelector(".fb-status").textContent = e.status === 401 ? "enter the access token (under Add a document) first" : e.message;
  }
  renderShortlist();
}

async function withdrawFeedback(candidate) {
  const q = feedbackQuery(state.last);
  const bar = barOf(candidate);
  try {
    await api("/api/feedback?" + new URLSearchParams(Object.assign({}, q, { candidate })), { method: "DELETE", auth: true });
    state.feedback.delete(candidate);
    if (bar) { showFeedback(bar, null); bar.querySelector(".fb-status").textContent = "withdrawn"; }
  } catch (e) {
    if (bar) bar.querySelector(".fb-status").textContent = e.message;
  }
  renderShortlist();
}

/** The shortlist of the current query (every shortlisted candidate, shown or not) and its CSV. */
function renderShortlist() {
  const panel = $("#shortlist");
  const q = feedbackQuery(state.last);
  if (!q) { panel.hidden = true; return; }
  panel.hidden = false;
  const list = $("#shortlist-items");
  list.replaceChildren();
  const picked = [...state.feedback.values()].filter((f) => f.label === "shortlist");
  $("#shortlist-count").textContent = String(picked.length);
  for (const f of picked) {
    const li = el("li", null);
    li.dataset.id = f.candidate;
    const card = document.querySelector('#results li.result[data-id="' + CSS.escape(f.candidate) + '"]');
    li.textContent = state.blind ? (card ? "Candidate " + card.dataset.rank : "a candidate below the shown results") : f.candidate;
    list.appendChild(li);
  }
  if (picked.length === 0) list.appendChild(el("li", "hint", "Nobody yet: press s on a card, or its Shortlist button."));
  // A download link sends no token: it names the user instead.
  const own = state.feedbackUser ? { user: state.feedbackUser } : {};
  $("#shortlist-export").href = "/api/feedback/export?" + new URLSearchParams(Object.assign({}, q, own, { label: "shortlist" }));
}

// ---------------------------------------------------------------- keyboard

function cards() {
  return [...document.querySelectorAll("#results li.result")];
}

function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}

function onKey(e) {
  if (e.altKey || e.ctrlKey || e.metaKey || typing(e.target)) return;
  const all = cards();
  if (all.length === 0) return;
  const current = document.activeElement ? document.activeElement.closest("#results li.result") : null;
  const i = current ? all.indexOf(current) : -1;
  if (e.key === "j" || e.key === "k") {
    const next = e.key === "j" ? Math.min(all.length - 1, i + 1) : Math.max(0, i < 0 ? 0 : i - 1);
    all[next].focus();
    all[next].scrollIntoView({ block: "nearest" });
    e.preventDefault();
    return;
  }
  if (!current) return;
  const id = current.dataset.id;
  if (e.key === "s") { toggleFeedback(id, "shortlist"); e.preventDefault(); }
  else if (e.key === "x") { toggleFeedback(id, "reject"); e.preventDefault(); }
  else if (e.key === "g") { toggleFeedback(id, "good_fit"); e.preventDefault(); }
  else if (e.key === "o" && current.querySelector(".open-candidate")) { openCandidate(id); e.preventDefault(); }
}

document.addEventListener("keydown", onKey);
