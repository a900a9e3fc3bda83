// rolematch page: the score calibration in use (origin, source, date; in the panel and the page
// foot) and the admin's refit from feedback: a background job on the server, polled every second
// while it runs; when it is written the new calibration's date shows at once.
"use strict";

let refitPolls = 0;

/** "the shipped calibration" or "this index's refit from feedback", with source and date. */
function renderCalibration(cal) {
  const foot = $("#calibration");
  const where = cal.origin === "index" ? "this index's refit from feedback" : cal.origin === "shipped" ? "the shipped calibration" : "fixed fallback weights";
  foot.textContent = cal.calibrated
    ? "Scores calibrated " + cal.fitted_at + " on " + cal.source + " (" + where + ")"
    : "Scores use fixed fallback weights (" + (cal.source || "uncalibrated") + ")";
  foot.dataset.fittedAt = cal.fitted_at || "";
  foot.dataset.origin = cal.origin || "";
  const panel = $("#calibration-in-use");
  panel.textContent = "In use: " + where + (cal.fitted_at ? ", fitted " + cal.fitted_at : "") + (cal.fitted_pairs ? " on " + cal.fitted_pairs + " pairs" : "");
  panel.dataset.fittedAt = cal.fitted_at || "";
  panel.dataset.origin = cal.origin || "";
}

function describeRefitResult(r) {
  if (!r) return "";
  const dev = r.dev_check && r.dev_check.rows ? r.dev_check.rows.map((x) => x.query_type + " " + Number(x.ndcg10_with_feedback).toFixed(3)
    + (x.ok ? "" : " (worse)")).join(", ") : "";
  return r.feedback_pairs + " feedback pairs · dev nDCG@10 " + dev;
}

function renderRefit(job) {
  const panel = $("#calibration-panel");
  panel.dataset.state = job.state;
  const status = $("#refit-status");
  status.classList.toggle("error", job.state === "failed" || job.state === "refused");
  if (job.running) {
    status.textContent = "Refit running: step " + job.step + " of " + (job.steps || "?") + " · " + job.stage;
  } else if (job.state === "done") {
    status.textContent = "Refit done: now in use. " + describeRefitResult(job.result);
  } else if (job.state === "refused" || job.state === "failed") {
    status.textContent = job.error + (job.result ? " · " + describeRefitResult(job.result) : "");
  } else {
    status.textContent = "";
  }
  const done = job.running ? (job.steps ? (job.step - 1) / job.steps : 0) : (job.state === "idle" ? 0 : 1);
  $("#refit-progress").style.width = Math.round(100 * Math.max(0, Math.min(1, done))) + "%";
  $("#refit-button").disabled = !!job.running;
  if (job.calibration) renderCalibration(job.calibration);
}

async function pollRefit() {
  const mine = ++refitPolls;
  try {
    const job = await api("/api/calibration/refit");
    if (mine !== refitPolls) return;
    renderRefit(job);
    if (job.running) setTimeout(pollRefit, 1000);
  } catch (e) {
    if (mine !== refitPolls) return;
    $("#refit-status").textContent = e.message;
    $("#refit-button").disabled = false;
  }
}

async function startRefit() {
  const button = $("#refit-button");
  button.disabled = true;
  try {
    renderRefit(await api("/api/calibration/refit", { method: "POST", auth: true, headers: { "Content-Type": "application/json" }, body: "{}" }));
  } catch (e) {
    const status = $("#refit-status");
    status.textContent = e.status === 401 ? "Enter the access token (under Add a document) first: " + e.message : e.message;
    status.classList.add("error");
    button.disabled = false;
    if (e.status !== 409) return; // 409 may be a running refit: show its progress
  }
  pollRefit();
}
