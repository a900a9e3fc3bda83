// rolematch recruiter page: vanilla JS, no dependencies; every node is built with textContent
// (never innerHTML), so document text cannot inject markup.
"use strict";

const $ = (sel) => document.querySelector(sel);

const STOP_WORDS = new Set((
  "a an the and or nor but of in on at by for to from with without into onto over under as is are was were be been " +
  "being am do does did done have has had having this that these those it its we us our ours you your yours they " +
  "them their i me my he she his her will would can could should shall may might must not no yes any all some such " +
  "other than then also etc eg ie e g via per up out about across within who whom which what when where why how " +
  "more most less very well both each either plus including include includes strong good great ability able " +
  "experience experienced knowledge skills skill related field fields work working years year new using use used"
).split(/\s+/));

const state = { last: null, token: sessionStorage.getItem("rolematch-token") || "", refreshTimer: null };

// ---------------------------------------------------------------- API

async function api(path, options = {}) {
  const headers = Object.assign({ Accept: "application/json" }, options.headers || {});
  if (state.token && options.auth) headers.Authorization = "Bearer " + state.token;
  const res = await fetch(path, Object.assign({}, options, { headers }));
  let body = null;
  try { body = await res.json(); } catch (e) { body = null; }
  if (!res.ok) {
    const msg = body && body.error ? body.error : "request failed with HTTP " + res.status;
    const err = new Error(msg);
    err.status = res.status;
    throw err;
  }
  return body;
}

function showStatus(text, isError) {
  const el = $("#status");
  if (!text) { el.hidden = true; el.textContent = ""; return; }
  el.hidden = false;
  el.textContent = text;
  el.classList.toggle("error", !!isError);
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined && text !== null) e.textContent = String(text);
  return e;
}

// ---------------------------------------------------------------- highlighting

function words(text) {
  return (String(text).match(/[\p{L}\p{N}][\p{L}\p{N}+#]*/gu) || []);
}

function stem(word) {
  let w = word.toLowerCase();
  if (w.length > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
  if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
  return w;
}

function contentKeys(text) {
  const keys = new Set();
  for (const w of words(text)) {
    const lower = w.toLowerCase();
    if (STOP_WORDS.has(lower) || (lower.length < 2 && !/[+#]/.test(lower))) continue;
    keys.add(stem(lower));
  }
  return keys;
}

/** The snippet as text nodes, with the words it shares with the requirement in <mark>. */
function highlight(snippet, requirement) {
  const frag = document.createDocumentFragment();
  const keys = contentKeys(requirement);
  const re = /[\p{L}\p{N}][\p{L}\p{N}+#]*/gu;
  let last = 0;
  let m;
  const text = String(snippet || "");
  while ((m = re.exec(text)) !== null) {
    const lower = m[0].toLowerCase();
    if (!STOP_WORDS.has(lower) && keys.has(stem(lower))) {
      if (m.index > last) frag.appendChild(document.createTextNode(text.slice(last, m.index)));
      frag.appendChild(el("mark", null, m[0]));
      last = m.index + m[0].length;
    }
  }
  if (last < text.length) frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}

// ---------------------------------------------------------------- health, postings, topics

async function loadHealth() {
  const h = $("#health");
  try {
    const s = await api("/api/health");
    h.dataset.state = "ok";
    h.textContent = s.model + " · " + s.counts.resumes + " resumes · " + s.counts.postings + " postings";
    $("#token-box").hidden = !s.auth_required;
    if (s.refresh) { $("#refresh-panel").hidden = false; pollRefresh(); }
    return s;
  } catch (e) {
    h.dataset.state = "error";
    h.textContent = "server unreachable";
    return null;
  }
}

async function loadPostings(selectId) {
  const sel = $("#posting-select");
  try {
    const r = await api("/api/postings");
    sel.replaceChildren();
    if (r.postings.length === 0) {
      sel.appendChild(el("option", null, "no postings indexed yet")).value = "";
    }
    for (const p of r.postings) {
      const o = el("option", null, (p.title || p.id) + "  (" + p.id + ")");
      o.value = p.id;
      sel.appendChild(o);
    }
    if (selectId) sel.value = selectId;
  } catch (e) {
    sel.replaceChildren(el("option", null, "could not load postings"));
  }
}

let suggestTimer = null;
function suggestTopics() {
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(async () => {
    const q = $("#topic-input").value.trim();
    try {
      const r = await api("/api/topics/suggest?max=12&q=" + encodeURIComponent(q));
      const list = $("#topic-suggestions");
      list.replaceChildren();
      const seen = new Set();
      const add = (value, label) => {
        if (seen.has(value.toLowerCase())) return;
        seen.add(value.toLowerCase());
        const o = document.createElement("option");
        o.value = value;
        if (label) o.label = label;
        list.appendChild(o);
      };
      const ql = q.toLowerCase();
      for (const t of r.suggestions) {
        add(t.name, t.id);
        for (const a of t.aliases || []) {
          if (ql && a.toLowerCase().includes(ql)) add(a, t.name);
        }
      }
    } catch (e) { /* suggestions are optional */ }
  }, 120);
}

// ---------------------------------------------------------------- searching

function filterParams() {
  const p = new URLSearchParams();
  const must = $("#filter-must").value.trim();
  const loc = $("#filter-location").value.trim();
  const years = $("#filter-min-years").value.trim();
  const top = $("#filter-top").value.trim();
  if (must) p.set("must", must);
  if (loc) p.set("location", loc);
  if (years) p.set("min_years", years);
  if (top) p.set("top", top);
  return p;
}

async function run(search, freshId) {
  state.last = search;
  const results = $("#results");
  results.dataset.state = "loading";
  document.body.dataset.busy = "true";
  showStatus("Searching…");
  for (const b of document.querySelectorAll("button.primary")) b.disabled = true;
  try {
    let r;
    if (search.type === "topic") {
      const p = filterParams(); p.set("q", search.q);
      r = await api("/api/topic?" + p);
    } else if (search.type === "posting") {
      const p = filterParams(); p.set("posting", search.id);
      r = await api("/api/match?" + p);
    } else if (search.type === "paste") {
      const f = filterParams();
      const body = { text: search.text };
      if (f.get("top")) body.top = parseInt(f.get("top"), 10);
      if (f.get("must")) body.must = f.get("must");
      if (f.get("location")) body.location = f.get("location");
      if (f.get("min_years")) body.min_years = parseInt(f.get("min_years"), 10);
      r = await api("/api/match", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    } else {
      const p = filterParams(); p.set("candidate", search.id);
      r = await api("/api/postings-for?" + p);
    }
    render(r, search, freshId);
    showStatus("");
  } catch (e) {
    results.replaceChildren();
    results.dataset.count = "0";
    showStatus(e.message, true);
  } finally {
    results.dataset.state = "done";
    document.body.dataset.busy = "false";
    for (const b of document.querySelectorAll("button.primary")) b.disabled = false;
  }
}

function describe(r, search) {
  const q = r.query || {};
  if (q.type === "topic") return ["Candidates for “" + q.topic + "”", q.resolved && q.resolved !== q.topic ? "taxonomy topic: " + q.resolved : "free-text topic"];
  if (q.type === "posting") {
    const req = q.requirements || {};
    const parts = Object.entries(req).filter(([, n]) => n > 0).map(([k, n]) => n + " " + k);
    return ["Candidates for " + (q.title || q.posting), (search.type === "paste" ? "pasted posting" : "posting " + q.posting) + (parts.length ? " · " + parts.join(", ") : "")];
  }
  return ["Postings for " + (q.title || q.candidate), "candidate " + q.candidate];
}

function render(r, search, freshId) {
  const [title, sub] = describe(r, search);
  $("#results-title").textContent = title;
  $("#results-sub").textContent = sub + " · model " + r.model + " · " + r.results.length + " results";
  const notes = $("#notes");
  notes.replaceChildren(...(r.notes || []).map((n) => el("li", null, n)));
  const list = $("#results");
  list.replaceChildren();
  list.dataset.count = String(r.results.length);
  list.dataset.query = search.type;
  if (r.results.length === 0) {
    list.appendChild(el("li", "empty", "No matches. Loosen the filters or try another query."));
    return;
  }
  const candidates = r.query && r.query.type !== "candidate";
  for (const res of r.results) list.appendChild(resultItem(res, candidates, freshId));
}

function resultItem(res, candidates, freshId) {
  const li = el("li", "result");
  li.dataset.id = res.id;
  li.dataset.rank = String(res.rank);
  li.dataset.score = String(res.score);
  if (freshId && res.id === freshId) li.classList.add("fresh");

  const head = el("div", "result-head");
  head.appendChild(el("div", "rank", res.rank));
  const who = el("div", "who");
  const name = el("div", "name", res.title || res.id);
  name.title = res.title || res.id;
  who.appendChild(name);
  who.appendChild(el("div", "doc-id", res.id));
  const meta = el("div", "meta");
  const m = res.metadata || {};
  if (m.location) meta.appendChild(el("span", null, m.location));
  if (m.years_experience !== null && m.years_experience !== undefined) meta.appendChild(el("span", null, m.years_experience + " yrs"));
  if (m.highest_degree) meta.appendChild(el("span", null, m.highest_degree + (m.graduation_year ? " · " + m.graduation_year : "")));
  if (meta.childElementCount) who.appendChild(meta);
  head.appendChild(who);

  const score = el("div", "score");
  const bar = el("div", "score-bar");
  const fill = el("div", "score-fill");
  const pct = Math.max(0, Math.min(100, Number(res.score) || 0));
  fill.style.width = pct.toFixed(1) + "%";
  if (pct >= 70) fill.classList.add("high"); else if (pct < 30) fill.classList.add("low");
  bar.appendChild(fill);
  bar.setAttribute("role", "meter");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  bar.setAttribute("aria-valuenow", pct.toFixed(1));
  score.appendChild(bar);
  score.appendChild(el("div", "score-value", pct.toFixed(0)));
  head.appendChild(score);
  li.appendChild(head);

  const foot = el("div", "result-foot");
  const chips = el("div", "chips");
  const mh = res.must_haves || { met: 0, unmet: 0, unknown: 0 };
  if (mh.met + mh.unmet + mh.unknown === 0) {
    chips.appendChild(el("span", "chip none", "no must-haves"));
  } else {
    const chip = (cls, label, n) => { const c = el("span", "chip " + cls + (n === 0 ? " zero" : ""), label + " " + n); c.dataset.count = String(n); c.title = n + " must-haves " + cls; chips.appendChild(c); };
    chip("met", "✓ met", mh.met);
    chip("unmet", "✗ unmet", mh.unmet);
    chip("unknown", "? unknown", mh.unknown);
  }
  foot.appendChild(chips);
  const actions = el("div", "actions");
  const ev = res.evidence || [];
  const toggle = el("button", "evidence-toggle", "Evidence (" + ev.length + ")");
  toggle.type = "button";
  toggle.setAttribute("aria-expanded", "false");
  actions.appendChild(toggle);
  if (candidates) {
    const fit = el("button", "postings-for", "Fitting postings");
    fit.type = "button";
    fit.addEventListener("click", () => run({ type: "candidate", id: res.id }));
    actions.appendChild(fit);
  }
  foot.appendChild(actions);
  li.appendChild(foot);

  const box = el("div", "evidence");
  box.hidden = true;
  for (const e of ev) box.appendChild(evidenceRow(e));
  if (ev.length === 0) box.appendChild(el("div", "sim", "no evidence recorded"));
  li.appendChild(box);
  toggle.addEventListener("click", () => {
    box.hidden = !box.hidden;
    toggle.setAttribute("aria-expanded", String(!box.hidden));
    toggle.textContent = (box.hidden ? "Evidence (" : "Hide evidence (") + ev.length + ")";
  });
  return li;
}

function evidenceRow(e) {
  const row = el("div", "ev");
  const req = el("div", "ev-req");
  const tags = el("div", "ev-tags");
  tags.appendChild(el("span", "kind " + e.kind, e.kind));
  if (e.status) tags.appendChild(el("span", "chip " + e.status, e.status));
  tags.appendChild(el("span", "sim", "similarity " + Number(e.similarity).toFixed(2)));
  req.appendChild(tags);
  req.appendChild(el("div", "ev-text", e.requirement));
  row.appendChild(req);
  const snip = el("div", "ev-snippet");
  snip.appendChild(highlight(e.snippet, e.requirement));
  row.appendChild(snip);
  return row;
}

// ---------------------------------------------------------------- upload

async function upload(ev) {
  ev.preventDefault();
  const status = $("#upload-status");
  const input = $("#upload-file");
  status.className = "status-line";
  if (!input.files || input.files.length === 0) {
    status.textContent = "Choose a file first.";
    status.classList.add("error");
    return;
  }
  const file = input.files[0];
  if (file.size > 10 * 1024 * 1024) {
    status.textContent = "The file is larger than 10 MB.";
    status.classList.add("error");
    return;
  }
  const kind = $("#upload-kind").value;
  const p = new URLSearchParams({ kind });
  const id = $("#upload-id").value.trim();
  if (id) p.set("id", id);
  const fd = new FormData();
  fd.append("file", file, file.name);
  status.textContent = "Reading and indexing " + file.name + "…";
  $("#upload-button").disabled = true;
  try {
    const r = await api("/api/documents/upload?" + p, { method: "POST", body: fd, auth: true });
    status.textContent = "Indexed " + r.id + " (" + r.outcome + ", " + r.chunks + " chunks)" + (r.warnings.length ? " · " + r.warnings.join("; ") : "");
    status.classList.add("ok");
    status.dataset.id = r.id;
    input.value = "";
    $("#upload-id").value = "";
    loadHealth();
    if (kind === "posting") loadPostings();
    if (state.last && kind === "resume") run(state.last, r.id);
  } catch (e) {
    status.textContent = e.status === 401 ? "Enter the access token above the upload: " + e.message : e.message;
    status.classList.add("error");
  } finally {
    $("#upload-button").disabled = false;
  }
}

// ---------------------------------------------------------------- refresh (when the server has it)

// One poll chain at a time: every second while a run is going, stopped when idle (a click, a 409
// or the next health check starts it again).
let refreshPolls = 0;

function describeSummary(s) {
  const parts = [s.scored + " scored", s.fresh + " fresh", s.failed + " failed", s.embedded + " embedded"];
  if (s.removed) parts.push(s.removed + " removed");
  return "Last run: " + parts.join(" · ") + " · " + Number(s.seconds).toFixed(1) + " s";
}

function renderRefresh(s) {
  const panel = $("#refresh-panel");
  panel.dataset.state = s.running ? "running" : (s.error ? "error" : (s.last_summary ? "done" : "idle"));
  const status = $("#refresh-status");
  status.classList.toggle("error", !s.running && !!s.error);
  if (s.running) {
    const pct = s.total ? Math.floor(100 * s.done / s.total) : 0;
    status.textContent = s.total
      ? "Running: " + s.done + " / " + s.total + " pairs (" + pct + "%)" + (s.rate ? " · " + Number(s.rate).toFixed(0) + " pairs/s" : "")
      : "Running: loading documents…";
  } else if (s.error) {
    status.textContent = "Last run failed: " + s.error;
  } else {
    status.textContent = s.last_summary ? "Done" + (s.finished_at ? " at " + new Date(s.finished_at).toLocaleTimeString() : "") : "Idle: stored scores are updated by a refresh";
  }
  const summary = $("#refresh-summary");
  const last = s.last_summary;
  summary.hidden = !last;
  summary.textContent = last ? describeSummary(last) : "";
  summary.dataset.scored = last ? String(last.scored) : "";
  summary.dataset.finishedAt = last && s.finished_at ? s.finished_at : "";
  const done = s.running ? (s.total ? s.done / s.total : 0) : (last ? 1 : 0);
  $("#refresh-progress").style.width = Math.round(100 * Math.min(1, done)) + "%";
  $("#refresh-button").disabled = !!s.running;
}

async function pollRefresh() {
  const mine = ++refreshPolls;
  clearTimeout(state.refreshTimer);
  try {
    const s = await api("/api/refresh/status");
    if (mine !== refreshPolls) return; // a newer poll took over
    renderRefresh(s);
    if (s.running) state.refreshTimer = setTimeout(pollRefresh, 1000);
  } catch (e) {
    if (mine !== refreshPolls) return;
    $("#refresh-status").textContent = e.message;
    $("#refresh-button").disabled = false;
  }
}

async function startRefresh() {
  const button = $("#refresh-button");
  button.disabled = true;
  try {
    const s = await api("/api/refresh", { method: "POST", auth: true, headers: { "Content-Type": "application/json" }, body: "{}" });
    renderRefresh(s);
  } catch (e) {
    const status = $("#refresh-status");
    status.textContent = e.status === 401 ? "Enter the access token (under Add a document) first: " + e.message : e.message;
    status.classList.add("error");
    button.disabled = false;
    if (e.status !== 409) return; // 409: one is running; show its progress
  }
  pollRefresh();
}

// ---------------------------------------------------------------- wiring

function selectTab(name) {
  for (const t of document.querySelectorAll(".tab")) {
    const on = t.dataset.tab === name;
    t.classList.toggle("active", on);
    t.setAttribute("aria-selected", String(on));
  }
  for (const b of document.querySelectorAll("[data-tab-body]")) b.hidden = b.dataset.tabBody !== name;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const t of document.querySelectorAll(".tab")) t.addEventListener("click", () => selectTab(t.dataset.tab));
  $("#topic-input").addEventListener("input", suggestTopics);
  $("#topic-input").addEventListener("focus", suggestTopics);
  $("#topic-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("#topic-input").value.trim();
    if (!q) { showStatus("Type a topic first, e.g. NLP.", true); return; }
    run({ type: "topic", q });
  });
  $("#posting-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const id = $("#posting-select").value;
    if (!id) { showStatus("Pick a posting first.", true); return; }
    run({ type: "posting", id });
  });
  $("#paste-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("#paste-text").value;
    if (!text.trim()) { showStatus("Paste a posting's text first.", true); return; }
    run({ type: "paste", text });
  });
  $("#upload-form").addEventListener("submit", upload);
  $("#token-input").value = state.token;
  $("#token-input").addEventListener("change", (e) => {
    state.token = e.target.value.trim();
    sessionStorage.setItem("rolematch-token", state.token);
  });
  $("#refresh-button").addEventListener("click", startRefresh);
  loadHealth();
  loadPostings();
  suggestTopics();
});
