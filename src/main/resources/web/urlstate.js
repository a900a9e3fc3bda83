// rolematch page: the search lives in the URL (tab, query, filters, open resume, blind view), so
// back/forward, reload and a pasted link reproduce it. A pasted posting's text is not put in the
// URL (it is long and may be private): its link reopens the Paste tab empty.
"use strict";

const FILTER_FIELDS = [["must", "#filter-must"], ["location", "#filter-location"], ["min_years", "#filter-min-years"], ["top", "#filter-top"]];

function urlFor(search) {
  const p = new URLSearchParams();
  const tab = search ? (search.type === "candidate" ? "topic" : search.type) : (state.tab || "topic");
  p.set("tab", tab);
  if (search && search.type === "topic") p.set("q", search.q);
  if (search && search.type === "posting") p.set("posting", search.id);
  if (search && search.type === "candidate") p.set("candidate", search.id);
  for (const [name, sel] of FILTER_FIELDS) {
    const v = $(sel).value.trim();
    if (v && !(name === "top" && v === "10")) p.set(name, v);
  }
  if (state.viewing) p.set("view", state.viewing);
  if ($("#blind-toggle").checked && !state.indexBlind) p.set("blind", "1");
  return "?" + p.toString();
}

/** Writes the current state into the URL: a new history entry (push) or in place. */
function saveUrl(push) {
  const url = urlFor(state.last && state.last.type !== "paste" ? state.last : null);
  if (url === location.search) return;
  if (push) history.pushState(null, "", url); else history.replaceState(null, "", url);
}

/** A search the user started: it gets its own history entry. */
function searchFromUser(search) {
  state.viewing = null;
  const done = run(search);
  saveUrl(true);
  return done;
}

/** Sets the page from the URL (first load, back/forward) and runs its search. */
async function restoreFromUrl() {
  const p = new URLSearchParams(location.search);
  for (const [name, sel] of FILTER_FIELDS) $(sel).value = p.get(name) || (name === "top" ? "10" : "");
  $("#blind-toggle").checked = p.get("blind") === "1" || state.indexBlind;
  applyBlind($("#blind-toggle").checked, false);
  const tab = ["topic", "posting", "paste"].includes(p.get("tab")) ? p.get("tab") : "topic";
  selectTab(tab);
  let search = null;
  if (p.get("q")) { $("#topic-input").value = p.get("q"); search = { type: "topic", q: p.get("q") }; }
  else if (p.get("posting")) { $("#posting-select").value = p.get("posting"); search = { type: "posting", id: p.get("posting") }; }
  else if (p.get("candidate")) search = { type: "candidate", id: p.get("candidate") };
  const view = p.get("view");
  if (!search) {
    closeCandidate(false);
    return;
  }
  await run(search);
  if (view) await openCandidate(view, false);
}
