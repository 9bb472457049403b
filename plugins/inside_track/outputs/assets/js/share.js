/*
 * A share link: progress carried in the URL fragment, which browsers never send to a
 * server. A fragment is read back only for the same checklist and format version, and
 * only ids shaped like the playbooks' ids are kept.
 */

import {parseDate} from "./dates.js";
import {MAX_IDS, PROGRESS_VERSION, isId} from "./progress-file.js";

export var SHARE_MARK = "it-share";
/* Longer than any link this page makes (2,000 ids of 80 characters each, twice). */
export var MAX_SHARE_LENGTH = 400000;

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
   checklist or version, {damaged: true} for one that breaks the progress file's rules
   (an id that is not one, too many ids, a start date that is not a day), else the
   answer, start date and ticked ids. */
export function readShare(hash, plan) {
  if (typeof hash !== "string" || hash.indexOf("#" + SHARE_MARK + "&") !== 0) {
    return null;
  }
  if (hash.length > MAX_SHARE_LENGTH) {
    return {damaged: true};
  }
  var params = new URLSearchParams(hash.slice(SHARE_MARK.length + 2));
  if (params.get("v") !== String(PROGRESS_VERSION) || params.get("checklist") !== plan.checklist) {
    return {wrong: true};
  }
  var damaged = false;
  function list(name) {
    var text = params.get(name) || "";
    var ids = text ? text.split(",") : [];
    if (ids.length > MAX_IDS || !ids.every(isId)) {
      damaged = true;
      return [];
    }
    return ids;
  }
  var answer = params.get("manager_response") || "";
  var start = params.get("start");
  var found = {
    answer: answer,
    start: start === null ? null : parseDate(start),
    steps: list("steps"),
    signs: list("signs")
  };
  if (damaged || (answer && !isId(answer)) || (start !== null && !found.start)) {
    return {damaged: true};
  }
  return found;
}
