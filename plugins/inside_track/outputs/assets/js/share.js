/*
 * A share link: progress carried in the URL fragment, which browsers never send to a
 * server. A fragment is read back only for the same checklist and format version, and
 * only ids shaped like the playbooks' ids are kept.
 */

import {parseDate} from "./dates.js";
import {PROGRESS_VERSION} from "./progress-file.js";

export var SHARE_MARK = "it-share";

/* The fragment (without "#") for ``progress``, a progress file's data. */
export function shareFragment(plan, progress) {
  var params = new URLSearchParams();
  params.set("v", String(PROGRESS_VERSION));
  params.set("checklist", plan.checklist);
  ["company_type", "path", "manager_response", "company"].forEach(function (name) {
    if (progress.situation[name]) {
      params.set(name, progress.situation[name]);
    }
  });
  if (progress.start_date) {
    params.set("start", progress.start_date);
  }
  params.set("steps", progress.steps.join(","));
  params.set("signs", progress.signs.join(","));
  return SHARE_MARK + "&" + params.toString();
}

/* What a location's hash shares: null for no share link, {wrong: true} for another
   checklist or version, else the answer, start date and ticked ids. */
export function readShare(hash, plan) {
  if (hash.indexOf("#" + SHARE_MARK + "&") !== 0) {
    return null;
  }
  var params = new URLSearchParams(hash.slice(SHARE_MARK.length + 2));
  if (params.get("v") !== String(PROGRESS_VERSION) || params.get("checklist") !== plan.checklist) {
    return {wrong: true};
  }
  function list(name) {
    return (params.get(name) || "").split(",").filter(function (id) {
      return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id);
    });
  }
  var start = parseDate(params.get("start"));
  return {
    answer: params.get("manager_response") || "",
    start: start,
    steps: list("steps"),
    signs: list("signs")
  };
}
