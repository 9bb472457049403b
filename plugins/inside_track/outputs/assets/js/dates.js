/*
 * The plan's dates.
 *
 * A plan month is a calendar month from the start date (the 31st falls back to the
 * month's last day); a fraction of a month is that fraction of 30 days, rounded. Dates
 * are whole days in UTC, so no time zone or daylight-saving change moves them.
 */

import {isChecked} from "./page.js";

export var FIRST_DAY = "0001-01-01";
export var LAST_DAY = "9999-12-31";

/* A UTC day from its year, month (0-11, may overflow into the next years) and day.
   Date.UTC reads years 0 to 99 as 1900 to 1999; this takes every year as written. */
export function utcDay(year, month, day) {
  var date = new Date(0);
  date.setUTCFullYear(year, month, day);
  date.setUTCHours(0, 0, 0, 0);
  return date;
}

/* A YYYY-MM-DD date as a UTC day, or null for anything else: the 31st of April, the 29th
   of February outside leap years, years outside 0001-9999. <input type=date> gives such a
   value while a year is being typed ("0002-05-17" on the way to "2026"): it is a real day. */
export function parseDate(text) {
  var match = typeof text === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(text) : null;
  if (!match || match[1] === "0000") {
    return null;
  }
  var date = utcDay(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return isoDate(date) === match[0] ? date : null;
}

/* A UTC day as YYYY-MM-DD; a day outside years 0001-9999 has none (null). */
export function isoDate(date) {
  var year = date.getUTCFullYear();
  if (!(year >= 1 && year <= 9999)) {
    return null;
  }
  return ("000" + year).slice(-4) + "-" + ("0" + (date.getUTCMonth() + 1)).slice(-2) + "-" +
    ("0" + date.getUTCDate()).slice(-2);
}

/* Whether a day can be written as YYYY-MM-DD (and so into a calendar file). */
export function writable(date) {
  return isoDate(date) !== null;
}

export function addDays(date, days) {
  return new Date(date.getTime() + days * 86400000);
}

export function addMonths(date, months) {
  var whole = Math.floor(months);
  var year = date.getUTCFullYear();
  var month = date.getUTCMonth() + whole;
  var last = utcDay(year, month + 1, 0).getUTCDate();
  var moved = utcDay(year, month, Math.min(date.getUTCDate(), last));
  return addDays(moved, Math.round((months - whole) * 30));
}

/* How many plan months lie between two dates: the inverse of addMonths, near enough to
   place a mark on the timeline. */
export function monthsBetween(start, day) {
  var whole = (day.getUTCFullYear() - start.getUTCFullYear()) * 12 +
    day.getUTCMonth() - start.getUTCMonth();
  if (addMonths(start, whole) > day) {
    whole -= 1;
  }
  return whole + (day - addMonths(start, whole)) / 86400000 / 30;
}

export function today() {
  var now = new Date();
  return utcDay(now.getFullYear(), now.getMonth(), now.getDate());
}

var dateFormat = null;
export function showDate(date) {
  if (!dateFormat) {
    dateFormat = new Intl.DateTimeFormat(undefined, {
      year: "numeric", month: "short", day: "numeric", timeZone: "UTC"
    });
  }
  return dateFormat.format(date);
}

/* A phase's days: from its start to the day before its end (at least one day). On a page
   covering several manager responses, the months of the reader's answer. */
export function phaseDays(start, phase, answer) {
  var span = (answer && phase.by_response && phase.by_response[answer]) || phase;
  var first = addMonths(start, span.start_month);
  var after = addMonths(start, span.end_month);
  return {first: first, after: after > first ? after : addDays(first, 1)};
}

export function applies(responses, answer) {
  return !answer || !responses || responses.indexOf(answer) >= 0;
}

/* The plan's length in months for the reader's answer (or the whole page's). */
export function planMonths(plan, answer) {
  return ((answer && plan.total_by_response && plan.total_by_response[answer]) ||
    plan.total_months).max;
}

/* Where a phase stands on a date, against the reader's ticks. */
export function schedule(days, own, day) {
  var done = own.length > 0 && own.every(isChecked);
  var started = own.some(isChecked);
  if (done) {
    return day < days.after ? "ahead" : "done";
  }
  if (day >= days.after) {
    return own.length ? "overdue" : "ended";
  }
  if (day >= days.first) {
    return "current";
  }
  return started ? "ahead" : "upcoming";
}

export var SCHEDULE_WORDS = {
  ahead: "ahead of plan",
  done: "done",
  overdue: "overdue",
  ended: "ended",
  current: "now",
  upcoming: "not started yet"
};
