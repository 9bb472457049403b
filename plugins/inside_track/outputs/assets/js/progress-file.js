/*
 * The progress file a reader exports and imports (outputs/progress.py defines its format):
 * what it holds, and whether a file read back is one this page can take.
 */

export var PROGRESS_FORMAT = "inside-track-progress";
export var PROGRESS_VERSION = 1;

/* The ids of the ticked boxes of one kind ("step" or "sign"). */
export function idsOf(boxes, kind) {
  return boxes.filter(function (box) {
    return box.checked && box.hasAttribute("data-it-" + kind);
  }).map(function (box) {
    return box.getAttribute("data-it-" + kind);
  });
}

/* The reader's situation: the page's, with the answer chosen on it if the page has several. */
export function situationFor(plan, answer) {
  var s = plan.situation;
  return {
    company_type: s.company_type,
    path: s.path,
    manager_response: s.manager_response || answer || null,
    company: s.company
  };
}

/* Why ``data`` (a parsed file) cannot be imported, or null when it can. */
export function progressProblem(data) {
  if (!data || data.format !== PROGRESS_FORMAT) {
    return "That file is not an Inside Track progress file.";
  }
  if (data.version !== PROGRESS_VERSION) {
    return "That progress file has version " + data.version + "; this page reads " +
      "version " + PROGRESS_VERSION + ".";
  }
  return null;
}

/* The ids a progress file ticks, by kind; anything but a list counts as none. */
export function progressIds(data) {
  return [["step", data.steps], ["sign", data.signs]].map(function (pair) {
    return [pair[0], (Array.isArray(pair[1]) ? pair[1] : []).map(String)];
  });
}

/* A few ids by name, the rest as a number: a stray file can hold thousands. */
export function namesOf(ids) {
  var named = ids.slice(0, 10).join(", ");
  return ids.length > 10 ? named + " and " + (ids.length - 10) + " more" : named;
}
