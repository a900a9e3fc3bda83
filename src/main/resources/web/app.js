// rolematch recruiter page: vanilla JS, no dependencies; every node is built with textContent
// (never innerHTML), so document text cannot inject markup.
"use strict";

const $ = (sel) => document.querySelector(sel);

const state = { last: null, token: sessionStorage.getItem("rolematch-token") || "", refreshTimer: null,
  feedback: new Map(), blind: false, indexBlind: false, response: null };

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

// ---------------------------------------------------------------- health, postings, topics

async function loadHealth() {
  const h = $("#health");
  try {
    const s = await api("/api/health");
    h.dataset.state = "ok";
    h.textContent = s.model + " · " + s.counts.resumes + " resumes · " + s.counts.postings + " postings" + (s.blind ? " · blind index" : "");
    setIndexBlind(!!s.blind);
    renderCalibration(s.calibration || {});
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
  closeCandidate(false);
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
    await loadFeedback(search);
    state.response = r;
    render(r, search, freshId);
    renderShortlist();
    showStatus("");
  } catch (e) {
    results.replaceChildren();
    results.dataset.count = "0";
    state.response = null;
    $("#more").hidden = true;
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
  const q = r.query || {};
  const role = [q.level ? "level " + q.level : "", q.family ? "family " + q.family.replace("_", " & ") : ""].filter(Boolean).join(", ");
  $("#results-sub").textContent = sub + (role ? " · role: " + role : "") + " · model " + r.model + " · " + r.results.length + " results";
  const notes = $("#notes");
  notes.replaceChildren(...(r.notes || []).map((n) => el("li", null, n)));
  const list = $("#results");
  list.replaceChildren();
  list.dataset.count = String(r.results.length);
  list.dataset.query = search.type;
  const top = parseInt($("#filter-top").value, 10) || 10;
  $("#more").hidden = r.results.length < top || top >= 100;
  $("#export-results").hidden = r.results.length === 0 || search.type === "paste";
  $("#export-results").href = "/api/results/export?" + exportParams(search);
  if (r.results.length === 0) {
    list.appendChild(el("li", "empty", "No matches. Loosen the filters or try another query."));
    return;
  }
  const ctx = { candidates: q.type !== "candidate", feedback: !!feedbackQuery(search), query: q, freshId };
  for (const res of r.results) list.appendChild(resultItem(res, ctx));
}

/** The export link's query: the same search and filters as on screen. */
function exportParams(search) {
  const p = filterParams();
  if (search.type === "topic") { p.set("type", "topic"); p.set("q", search.q); }
  else if (search.type === "posting") { p.set("type", "posting"); p.set("posting", search.id); }
  else if (search.type === "candidate") { p.set("type", "candidate"); p.set("candidate", search.id); }
  if (state.feedbackUser && search.type !== "candidate") p.set("user", state.feedbackUser); // whose verdicts
  return p;
}

/** "Show more": ten more results (the server gives at most 100). */
function showMore() {
  const input = $("#filter-top");
  const top = Math.min(100, (parseInt(input.value, 10) || 10) + 10);
  input.value = String(top);
  if (state.last) searchFromUser(state.last);
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
  state.tab = name;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const t of document.querySelectorAll(".tab")) t.addEventListener("click", () => selectTab(t.dataset.tab));
  $("#more").addEventListener("click", showMore);
  $("#blind-toggle").addEventListener("change", (e) => { applyBlind(e.target.checked, true); saveUrl(false); });
  $("#candidate-close").addEventListener("click", () => closeCandidate(true));
  $("#topic-input").addEventListener("input", suggestTopics);
  $("#topic-input").addEventListener("focus", suggestTopics);
  $("#topic-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = $("#topic-input").value.trim();
    if (!q) { showStatus("Type a topic first, e.g. NLP.", true); return; }
    searchFromUser({ type: "topic", q });
  });
  $("#posting-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const id = $("#posting-select").value;
    if (!id) { showStatus("Pick a posting first.", true); return; }
    searchFromUser({ type: "posting", id });
  });
  $("#paste-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("#paste-text").value;
    if (!text.trim()) { showStatus("Paste a posting's text first.", true); return; }
    searchFromUser({ type: "paste", text });
  });
  $("#upload-form").addEventListener("submit", upload);
  $("#token-input").value = state.token;
  $("#token-input").addEventListener("change", (e) => {
    state.token = e.target.value.trim();
    sessionStorage.setItem("rolematch-token", state.token);
  });
  $("#refresh-button").addEventListener("click", startRefresh);
  $("#refit-button").addEventListener("click", startRefit);
  pollRefit();
  loadHealth();
  loadPostings().then(restoreFromUrl);
  suggestTopics();
  window.addEventListener("popstate", restoreFromUrl);
});
