// rolematch page: one result card. Why at a glance (the strongest evidence inline, highlighted
// where the SERVER says the words match: evidence.match_offsets), must-have chips only when the
// query has must-haves, unmet must-haves in plain words, level and family of both sides,
// integrity flags, and the feedback buttons (feedback.js). textContent only, never innerHTML.
"use strict";

const INLINE_EVIDENCE = 3; // the same rule as the CSV export's top_evidence (server Csv.TOP_EVIDENCE)

/** The snippet as text nodes with the server's match offsets in <mark>. */
function highlighted(snippet, offsets) {
  const frag = document.createDocumentFragment();
  const text = String(snippet || "");
  let last = 0;
  const spans = (offsets || []).filter((o) => Array.isArray(o) && o[0] >= last && o[1] <= text.length && o[0] < o[1])
    .sort((a, b) => a[0] - b[0]);
  for (const [start, end] of spans) {
    if (start < last) continue;
    if (start > last) frag.appendChild(document.createTextNode(text.slice(last, start)));
    frag.appendChild(el("mark", null, text.slice(start, end)));
    last = end;
  }
  if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}

/** The strongest evidence lines, most similar first. */
function strongest(evidence) {
  return [...(evidence || [])].sort((a, b) => b.similarity - a.similarity).slice(0, INLINE_EVIDENCE);
}

function setIndexBlind(blind) {
  state.indexBlind = blind;
  const box = $("#blind-toggle");
  if (blind) { box.checked = true; box.disabled = true; box.title = "the index is blind: resumes are masked when added"; }
  applyBlind(box.checked, false);
}

/** The blind view: names, titles and ids of candidates hidden on the page. */
function applyBlind(on, rerender) {
  state.blind = on || state.indexBlind;
  document.body.classList.toggle("blind", state.blind);
  if (rerender && state.response && state.last) { render(state.response, state.last); renderShortlist(); }
}

/** Name-like words of a result (its title and the parts of its id), for the blind view. */
function nameWords(res) {
  const words = new Set();
  for (const w of String(res.title || "").split(/[\s,|·]+/)) if (w.length > 1) words.add(w.toLowerCase());
  for (const w of String(res.id || "").split(/[-_.\s]+/)) if (w.length > 2) words.add(w.toLowerCase());
  return words;
}

/** The snippet with name-like words replaced by [name] (blind view), offsets kept in step. */
function blindSnippet(snippet, offsets, words) {
  if (!state.blind || words.size === 0) return [snippet, offsets];
  const text = String(snippet || "");
  let out = "";
  let shift = [];
  let last = 0;
  const re = /[\p{L}][\p{L}'’-]*/gu;
  let m;
  while ((m = re.exec(text)) !== null) {
    if (!words.has(m[0].toLowerCase())) continue;
    out += text.slice(last, m.index) + "[name]";
    shift.push([m.index + m[0].length, "[name]".length - m[0].length]);
    last = m.index + m[0].length;
  }
  if (shift.length === 0) return [snippet, offsets];
  out += text.slice(last);
  const move = (i) => i + shift.filter(([at]) => at <= i).reduce((s, [, d]) => s + d, 0);
  const kept = (offsets || []).filter(([s, e]) => !words.has(text.slice(s, e).toLowerCase())).map(([s, e]) => [move(s), move(e)]);
  return [out, kept];
}

function evidenceLine(e, words, inline) {
  const row = el(inline ? "li" : "div", inline ? "why-line" : "ev");
  const [snippet, offsets] = blindSnippet(e.snippet, e.match_offsets, words);
  if (inline) {
    const long = String(e.requirement || "").length > 110;
    const req = el("span", "why-req", long ? e.requirement.slice(0, 100).replace(/\s+\S*$/, "") + " …" : e.requirement);
    if (long) req.title = e.requirement;
    if (e.status) req.classList.add(e.status);
    row.appendChild(req);
    row.appendChild(el("span", "why-arrow", " → "));
    const snip = el("span", "why-snippet");
    snip.appendChild(highlighted(snippet, offsets));
    row.appendChild(snip);
    return row;
  }
  const req = el("div", "ev-req");
  const tags = el("div", "ev-tags");
  tags.appendChild(el("span", "kind " + e.kind, e.kind));
  if (e.status) tags.appendChild(el("span", "chip " + e.status, e.status));
  tags.appendChild(el("span", "sim", "similarity " + Number(e.similarity).toFixed(2)));
  req.appendChild(tags);
  req.appendChild(el("div", "ev-text", e.requirement));
  row.appendChild(req);
  const snip = el("div", "ev-snippet");
  snip.appendChild(highlighted(snippet, offsets));
  row.appendChild(snip);
  return row;
}

function flagChips(res) {
  const box = el("div", "flags");
  for (const f of res.flags || []) {
    const d = el("details", "flag");
    d.dataset.kind = f.kind || "";
    const s = el("summary", null, "⚠ " + (f.message || f.kind || "flagged"));
    if (f.evidence) s.title = f.evidence;
    d.appendChild(s);
    if (f.evidence) d.appendChild(el("div", "flag-evidence", f.evidence));
    box.appendChild(d);
  }
  return box;
}

function roleLine(res, query) {
  const m = res.metadata || {};
  const q = query || {};
  const parts = [];
  if (m.level || q.level) parts.push("level " + (m.level || "not stated") + (q.level ? " (role: " + q.level + ")" : ""));
  if (m.family || q.family) parts.push("family " + (m.family || "not stated").replace("_", " & ") + (q.family ? " (role: " + q.family.replace("_", " & ") + ")" : ""));
  return parts.length ? el("div", "role-line", parts.join(" · ")) : null;
}

function resultItem(res, ctx) {
  const li = el("li", "result");
  li.dataset.id = res.id;
  li.dataset.rank = String(res.rank);
  li.dataset.score = String(res.score);
  li.tabIndex = 0;
  const words = nameWords(res);
  const shownName = state.blind ? "Candidate " + res.rank : (res.title || res.id);
  li.setAttribute("aria-label", "Rank " + res.rank + ": " + shownName + ", score " + Number(res.score).toFixed(0));
  if (ctx.freshId && res.id === ctx.freshId) li.classList.add("fresh");

  const head = el("div", "result-head");
  head.appendChild(el("div", "rank", res.rank));
  const who = el("div", "who");
  const name = el("div", "name", shownName);
  name.title = shownName;
  who.appendChild(name);
  if (!state.blind) who.appendChild(el("div", "doc-id", res.id));
  const meta = el("div", "meta");
  const m = res.metadata || {};
  if (m.location) meta.appendChild(el("span", null, m.location));
  if (m.years_experience !== null && m.years_experience !== undefined) meta.appendChild(el("span", null, m.years_experience + " yrs"));
  if (m.highest_degree) meta.appendChild(el("span", null, m.highest_degree + (m.graduation_year ? " · " + m.graduation_year : "")));
  if (meta.childElementCount) who.appendChild(meta);
  const role = roleLine(res, ctx.query);
  if (role) who.appendChild(role);
  head.appendChild(who);

  const score = el("div", "score");
  const bar = el("div", "score-bar");
  const fill = el("div", "score-fill");
  const pct = Math.max(0, Math.min(100, Number(res.score) || 0));
  fill.style.width = pct.toFixed(1) + "%";
  if (pct >= 70) fill.classList.add("high"); else if (pct < 30) fill.classList.add("low");
  bar.appendChild(fill);
  bar.setAttribute("role", "meter");
  bar.setAttribute("aria-label", "score");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  bar.setAttribute("aria-valuenow", pct.toFixed(1));
  score.appendChild(bar);
  score.appendChild(el("div", "score-value", pct.toFixed(0)));
  head.appendChild(score);
  li.appendChild(head);

  if ((res.flags || []).length) li.appendChild(flagChips(res));

  const ev = res.evidence || [];
  const why = el("ul", "why");
  why.setAttribute("aria-label", "strongest evidence");
  for (const e of strongest(ev)) why.appendChild(evidenceLine(e, words, true));
  if (ev.length) li.appendChild(why);

  const mh = res.must_haves || { met: 0, unmet: 0, unknown: 0 };
  const foot = el("div", "result-foot");
  const chips = el("div", "chips");
  if (mh.met + mh.unmet + mh.unknown > 0) {
    const chip = (cls, label, n) => { const c = el("span", "chip " + cls + (n === 0 ? " zero" : ""), label + " " + n); c.dataset.count = String(n); c.title = n + " must-haves " + cls; chips.appendChild(c); };
    chip("met", "✓ met", mh.met);
    chip("unmet", "✗ unmet", mh.unmet);
    chip("unknown", "? unknown", mh.unknown);
  }
  foot.appendChild(chips);
  const actions = el("div", "actions");
  const toggle = el("button", "evidence-toggle", "All evidence (" + ev.length + ")");
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  actions.appendChild(toggle);
  if (ctx.candidates) {
    const view = el("button", "open-candidate", "Open resume");
    view.type = "button";
    view.setAttribute("aria-label", "Open the resume of " + shownName + " with its evidence");
    view.addEventListener("click", () => openCandidate(res.id));
    actions.appendChild(view);
    const fit = el("button", "postings-for", "Fitting postings");
    fit.type = "button";
    fit.addEventListener("click", () => searchFromUser({ type: "candidate", id: res.id }));
    actions.appendChild(fit);
  }
  foot.appendChild(actions);
  li.appendChild(foot);

  const unmet = ev.filter((e) => e.status === "unmet");
  if (unmet.length) {
    const u = el("div", "unmet-line");
    u.appendChild(el("strong", null, "Not found in the resume: "));
    u.appendChild(document.createTextNode(unmet.map((e) => e.requirement).join("; ")));
    li.appendChild(u);
  }
  if (ctx.feedback) li.appendChild(feedbackBar(res, shownName));

  const box = el("div", "evidence");
  box.hidden = true;
  for (const e of ev) box.appendChild(evidenceLine(e, words, false));
  if (ev.length === 0) box.appendChild(el("div", "sim", "no evidence recorded"));
  li.appendChild(box);
  toggle.addEventListener("click", () => {
    box.hidden = !box.hidden;
    toggle.setAttribute("aria-expanded", String(!box.hidden));
    toggle.textContent = (box.hidden ? "All evidence (" : "Hide evidence (") + ev.length + ")";
  });
  return li;
}
