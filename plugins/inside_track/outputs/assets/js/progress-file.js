/*
 * The progress file a reader exports and imports (outputs/progress.py defines its format):
 * what it holds, and whether a file read back is one this page can take.
 */

import {parseDate} from "./dates.js";

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

/* The published schema's rules (schema/progress.schema.json, from outputs/progress.py);
   a Node test checks these against the schema file. */
export var ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export var ID_MAX_LENGTH = 80;
export var SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*(\/[a-z0-9]+(-[a-z0-9]+)*){1,2}$/;
export var SLUG_MAX_LENGTH = 250;
export var MAX_IDS = 2000;
export var PROGRESS_FIELDS = ["format", "version", "checklist", "situation", "start_date",
  "steps", "signs", "exported"];
export var SITUATION_FIELDS = ["company_type", "path", "manager_response", "company"];
var ECHO_LENGTH = 40;

export function isPlainObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype;
}

export function isId(value) {
  return typeof value === "string" && value.length <= ID_MAX_LENGTH && ID_PATTERN.test(value);
}

export function isSlug(value) {
  return typeof value === "string" && value.length <= SLUG_MAX_LENGTH &&
    SLUG_PATTERN.test(value);
}

/* A value named in a message, whatever it is, never longer than a short phrase: a file or
   a stored value can hold anything (megabytes, objects whose toString is missing). */
export function echo(value) {
  var text;
  if (typeof value === "string") {
    text = value.length > ECHO_LENGTH ? value.slice(0, ECHO_LENGTH) + "…" : value;
    return JSON.stringify(text);
  }
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  return Array.isArray(value) ? "a list" : (typeof value === "object" ? "an object" : "a value");
}

/* Why an object's keys are not exactly ``fields`` (the schema allows no others). */
function fieldsProblem(value, fields, where) {
  var keys = Object.keys(value);
  var extra = keys.filter(function (key) {
    return fields.indexOf(key) < 0;
  });
  if (extra.length) {
    return where + " has a field this page does not know: " + echo(extra[0]) + ".";
  }
  var missing = fields.filter(function (key) {
    return keys.indexOf(key) < 0;
  });
  return missing.length ? where + " lacks the field " + echo(missing[0]) + "." : null;
}

/* Why ``value`` is not a situation as progress files and share links carry it, or null. */
export function situationProblem(value, fields) {
  if (!isPlainObject(value)) {
    return "the situation is " + echo(value) + ", not a set of answers.";
  }
  var problem = fieldsProblem(value, fields || SITUATION_FIELDS, "the situation");
  if (problem) {
    return problem;
  }
  var bad = ["company_type", "path", "manager_response", "company"].filter(function (key) {
    var nullable = key === "manager_response" || key === "company";
    return !(isId(value[key]) || (nullable && value[key] === null));
  })[0];
  return bad ? "the situation's " + bad + " is " + echo(value[bad]) + ", not an id." : null;
}

/* Why ``data`` (a parsed file) cannot be imported, or null when it can: the published
   schema's rules, checked before anything in the file is used. */
export function progressProblem(data) {
  if (!isPlainObject(data) || data.format !== PROGRESS_FORMAT) {
    return "That file is not an Inside Track progress file.";
  }
  if (data.version !== PROGRESS_VERSION) {
    return "That progress file has version " + echo(data.version) + "; this page reads " +
      "version " + PROGRESS_VERSION + ".";
  }
  var problem = fieldsProblem(data, PROGRESS_FIELDS, "the file");
  if (!problem && !isSlug(data.checklist)) {
    problem = "its checklist is " + echo(data.checklist) + ", not a checklist's name.";
  }
  problem = problem || situationProblem(data.situation);
  if (!problem && data.start_date !== null && !parseDate(data.start_date)) {
    problem = "its start date is " + echo(data.start_date) + ", not a day (YYYY-MM-DD).";
  }
  ["steps", "signs"].forEach(function (kind) {
    var list = data[kind];
    if (problem) {
      return;
    }
    if (!Array.isArray(list) || list.length > MAX_IDS) {
      problem = "its " + kind + " are " + echo(list) + ", not a list of at most " + MAX_IDS +
        " ids.";
      return;
    }
    var at = list.findIndex(function (id) {
      return !isId(id);
    });
    if (at >= 0) {
      problem = "its " + kind + "[" + at + "] is " + echo(list[at]) + ", not an id.";
    }
  });
  if (!problem && (typeof data.exported !== "string" || isNaN(Date.parse(data.exported)))) {
    problem = "its export time is " + echo(data.exported) + ", not a date and time.";
  }
  return problem ? "That progress file cannot be read: " + problem : null;
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
