// rolematch page: the candidate view. One click opens the resume with every evidence line of the
// current result highlighted in place (the server's match offsets marked inside it), the
// requirement it answers beside it, and the candidate's fitting postings.
"use strict";

/** The text with whitespace runs collapsed (as the server's snippets are) and where each char came from. */
function collapsed(text) {
  let out = "";
  const from = [];
  let inRun = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (/\s/.test(c)) {
      if (!inRun) { out += " "; from.push(i); inRun = true; }
    } else { out += c; from.push(i); inRun = false; }
  }
  from.push(text.length);
  return { out, from };
}

/** Where each evidence snippet sits in the resume: [start, end) in the text, and its marks there. */
function placeEvidence(text, evidence, words) {
  const c = collapsed(text);
  const placed = [];
  evidence.forEach((e, n) => {
    const [snippet, offsets] = blindSnippet(e.snippet, e.match_offsets, words);
    const head = String(snippet || "").replace(/…$/, "").trim();
    if (!head) return;
    const at = c.out.indexOf(head);
    if (at < 0) return;
    const start = c.from[at];
    const end = c.from[Math.min(at + head.length, c.from.length - 1)];
    const marks = (offsets || []).filter(([s, t]) => t <= head.length).map(([s, t]) => [c.from[at + s], c.from[at + t]]);
    placed.push({ n: n + 1, e, start, end, marks });
  });
  return placed.sort((a, b) => a.start - b.start);
}

/** Evidence lines that found the same passage become one span with all their numbers. */
function groupPlaced(placed) {
  const groups = [];
  for (const p of placed) {
    const g = groups.find((x) => x.start === p.start && x.end === p.end);
    if (g) { g.ns.push(p.n); g.marks.push(...p.marks); } else groups.push({ start: p.start, end: p.end, ns: [p.n], marks: [...p.marks] });
  }
  for (const g of groups) g.marks.sort((a, b) => a[0] - b[0]);
  return groups;
}

/** The resume as text nodes: evidence spans in <span class="ev-span">, matched words in <mark>. */
function resumeWithEvidence(text, placed) {
  const frag = document.createDocumentFragment();
  let last = 0;
  for (const g of groupPlaced(placed)) {
    if (g.start < last) continue; // overlaps an earlier passage: listed beside, not marked twice
    frag.appendChild(document.createTextNode(text.slice(last, g.start)));
    const span = el("span", "ev-span");
    span.id = "ev-at-" + g.ns[0];
    span.dataset.n = g.ns.join(",");
    span.appendChild(el("sup", "ev-num", g.ns.join(",")));
    let cur = g.start;
    for (const [s, t] of g.marks) {
      if (s < cur) continue;
      span.appendChild(document.createTextNode(text.slice(cur, s)));
      span.appendChild(el("mark", null, text.slice(s, t)));
      cur = t;
    }
    span.appendChild(document.createTextNode(text.slice(cur, g.end)));
    frag.appendChild(span);
    last = g.end;
  }
  frag.appendChild(document.createTextNode(text.slice(last)));
  return frag;
}

async function openCandidate(id, push = true) {
  const res = state.response && state.response.results.find((r) => r.id === id);
  const view = $("#candidate-view");
  view.hidden = false;
  view.dataset.state = "loading";
  view.dataset.id = id;
  state.viewing = id;
  if (push) saveUrl(true);
  $("#results-panel").hidden = true;
  try {
    const [doc, fits] = await Promise.all([
      api("/api/documents/" + encodeURIComponent(id) + "/text"),
      api("/api/postings-for?top=5&candidate=" + encodeURIComponent(id))]);
    const words = res ? nameWords(res) : new Set();
    const evidence = res ? res.evidence : [];
    const [text] = blindSnippet(doc.text, [], words);
    const placed = placeEvidence(text, evidence, words);
    $("#candidate-title").textContent = state.blind ? "Candidate " + (res ? res.rank : "") : (doc.title || doc.id);
    $("#candidate-sub").textContent = (res ? "score " + Number(res.score).toFixed(0) + " for this search · " : "")
      + placed.length + " of " + evidence.length + " evidence lines found in the resume";
    const body = $("#candidate-text");
    body.replaceChildren(resumeWithEvidence(text, placed));
    const side = $("#candidate-requirements");
    side.replaceChildren();
    const anchor = new Map();
    for (const g of groupPlaced(placed)) for (const n of g.ns) anchor.set(n, "ev-at-" + g.ns[0]);
    for (const p of [...placed].sort((a, b) => a.n - b.n)) {
      const li = el("li", "req-note");
      const a = el("a", null, p.n + ". " + p.e.requirement);
      a.href = "#" + anchor.get(p.n);
      li.appendChild(a);
      if (p.e.status) li.appendChild(el("span", "chip " + p.e.status, p.e.status));
      side.appendChild(li);
    }
    const postings = $("#candidate-postings");
    postings.replaceChildren();
    for (const f of fits.results) {
      const li = el("li", null);
      const b = el("button", "link", (f.title || f.id) + " · " + Number(f.score).toFixed(0));
      b.type = "button";
      b.addEventListener("click", () => searchFromUser({ type: "posting", id: f.id }));
      li.appendChild(b);
      postings.appendChild(li);
    }
    if (fits.results.length === 0) postings.appendChild(el("li", "hint", "no indexed posting fits"));
    view.dataset.state = "done";
    $("#candidate-close").focus();
  } catch (e) {
    view.dataset.state = "error";
    $("#candidate-sub").textContent = e.message;
  }
}

function closeCandidate(push) {
  const view = $("#candidate-view");
  const was = state.viewing;
  view.hidden = true;
  $("#results-panel").hidden = false;
  state.viewing = null;
  if (push) {
    saveUrl(true);
    const card = was && document.querySelector('#results li.result[data-id="' + CSS.escape(was) + '"]');
    if (card) card.focus();
  }
}
