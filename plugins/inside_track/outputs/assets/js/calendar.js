/*
 * The calendar file (RFC 5545): one all-day event per phase and per milestone, with UIDs
 * stable across exports, so importing the file again updates the same events.
 */

import {addDays, addMonths, applies, isoDate, phaseDays, writable} from "./dates.js";

export function icsText(value) {
  return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n");
}

/* Fold a content line at 75 octets of UTF-8, never inside a character. */
export function icsFold(line) {
  var encoder = new TextEncoder();
  var parts = [];
  var current = "";
  var size = 0;
  var limit = 75;
  Array.from(line).forEach(function (char) {
    var octets = encoder.encode(char).length;
    if (size + octets > limit) {
      parts.push(current);
      current = " ";
      size = 1;
    }
    current += char;
    size += octets;
  });
  parts.push(current);
  return parts.join("\r\n");
}

export function icsDate(date) {
  return isoDate(date).replace(/-/g, "");
}

export function icsStamp(now) {
  return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
}

/* The calendar of ``plan`` from ``start`` for the reader's answer, made at ``now``. ``page``
   says what the page shows: its ``address`` (no fragment), its ``title`` (the heading's
   text, or null) and ``stepText(step)``, a step's words as shown. Null when a day of the
   plan falls past the year 9999: a calendar date has four digits for the year. */
export function calendarFile(plan, start, answer, now, page) {
  var fits = true;
  var scope = plan.checklist.replace(/\//g, ".") + (answer ? "." + answer : "");
  var address = page.address + (answer ? "#answer-" + answer : "");
  var name = page.title !== null ? page.title.replace(/\s+/g, " ").trim() : plan.checklist;
  var lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "PRODID:-//Inside Track//Checklist plan//EN",
    "CALSCALE:GREGORIAN",
    "METHOD:PUBLISH",
    /* An extension property's value type is unknown to a parser unless named: VALUE=TEXT
       makes calendar programs unescape it ("\\," back to ","). */
    "X-WR-CALNAME;VALUE=TEXT:" + icsText("Inside Track: " + name)
  ];
  function event(uid, first, after, summary, description) {
    if (!writable(first) || !writable(after)) {
      fits = false;
      return;
    }
    lines.push(
      "BEGIN:VEVENT",
      "UID:" + uid + "@inside-track",
      "DTSTAMP:" + icsStamp(now),
      "DTSTART;VALUE=DATE:" + icsDate(first),
      "DTEND;VALUE=DATE:" + icsDate(after),
      "SUMMARY:" + icsText(summary),
      "DESCRIPTION:" + icsText(description + "\n\nYour checklist: " + address),
      "URL:" + address,
      "TRANSP:TRANSPARENT",
      "END:VEVENT");
  }
  plan.phases.forEach(function (phase, index) {
    var days = phaseDays(start, phase, answer);
    var steps = phase.steps.filter(function (step) {
      return applies(step.responses, answer);
    }).map(function (step) {
      return "- " + page.stepText(step);
    });
    event("phase." + phase.id + "." + scope, days.first, days.after,
      (index + 1) + ". " + phase.title,
      steps.length ? "Steps in this phase:\n" + steps.join("\n") : "No steps of its own.");
  });
  plan.milestones.filter(function (milestone) {
    return applies(milestone.responses, answer);
  }).forEach(function (milestone) {
    var day = addMonths(start, milestone.month);
    var phase = plan.phases.filter(function (each) {
      return each.id === milestone.phase;
    })[0];
    /* With no answer chosen, a milestone dated for some answers only says which. */
    var only = !answer && milestone.responses ? milestone.responses : null;
    var titles = plan.response_titles || {};
    event("milestone." + milestone.id + "." + milestone.phase +
      (only ? ".for-" + only.join("-") : "") + "." + scope, day, addDays(day, 1),
      milestone.title + (only ? " (if the answer was: " + only.map(function (id) {
        return titles[id] || id;
      }).join(" or ") + ")" : ""),
      phase ? "Part of the phase " + phase.title + "." : milestone.title + ".");
  });
  lines.push("END:VCALENDAR");
  return fits ? lines.map(icsFold).join("\r\n") + "\r\n" : null;
}
