// The calendar file: RFC 5545 text, folding and escaping, and stable event ids.
import assert from "node:assert/strict";
import {test} from "node:test";

import {calendarFile, icsFold, icsText} from "../../plugins/inside_track/outputs/assets/js/calendar.js";
import {parseDate} from "../../plugins/inside_track/outputs/assets/js/dates.js";

const PLAN = {
  checklist: "large-process/internal-transfer",
  response_titles: {supportive: "Supportive", blocking: "Blocking"},
  phases: [
    {id: "groundwork", title: "Groundwork", start_month: 0, end_month: 2,
      steps: [{id: "log", text: "Keep a log; every week", responses: null},
        {id: "ask", text: "Ask again", responses: ["blocking"]}]},
    {id: "move", title: "Move", start_month: 2, end_month: 2.5, steps: []}
  ],
  milestones: [{id: "first-model", title: "First model", month: 1, phase: "groundwork",
    responses: ["supportive"]}]
};
const PAGE = {address: "https://example.org/c/", title: "  Large,\n company ",
  stepText: (step) => step.text};
const START = parseDate("2024-01-31");
const NOW = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));

function unfold(text) {
  return text.replace(/\r\n /g, "");
}

function events(text) {
  return unfold(text).split("BEGIN:VEVENT").slice(1).map((block) => {
    const fields = {};
    block.split("\r\n").filter(Boolean).forEach((line) => {
      const colon = line.indexOf(":");
      fields[line.slice(0, colon)] = line.slice(colon + 1);
    });
    return fields;
  });
}

test("text values escape backslash, semicolon, comma and line breaks", () => {
  assert.equal(icsText("a\\b;c,d\r\ne\nf"), "a\\\\b\\;c\\,d\\ne\\nf");
  assert.equal(icsText(3), "3");
});

test("lines fold at 75 octets of UTF-8, never inside a character", () => {
  const line = "SUMMARY:" + "é".repeat(60) + "x".repeat(30);
  const folded = icsFold(line).split("\r\n");
  assert.ok(folded.length > 1);
  folded.forEach((part) => assert.ok(new TextEncoder().encode(part).length <= 75, part));
  folded.slice(1).forEach((part) => assert.ok(part.startsWith(" ")));
  assert.equal(unfold(icsFold(line)), line);
  assert.equal(icsFold("short"), "short");
});

test("the file is a calendar of CRLF lines, one event per phase and milestone", () => {
  const text = calendarFile(PLAN, START, "", NOW, PAGE);
  assert.ok(text.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
  assert.ok(text.endsWith("END:VCALENDAR\r\n"));
  assert.ok(!/[^\r]\n/.test(text));
  assert.match(unfold(text), /X-WR-CALNAME;VALUE=TEXT:Inside Track: Large\\, company\r\n/);
  const found = events(text);
  assert.equal(found.length, 3);
  assert.deepEqual(found.map((each) => each["DTSTART;VALUE=DATE"]),
    ["20240131", "20240331", "20240229"]);
  assert.equal(found[1]["DTEND;VALUE=DATE"], "20240415");
  found.forEach((each) => assert.equal(each.DTSTAMP, "20240102T030405Z"));
});

test("event ids are stable and name the checklist and the answer", () => {
  const once = events(calendarFile(PLAN, START, "supportive", NOW, PAGE));
  const again = events(calendarFile(PLAN, parseDate("2025-06-01"), "supportive",
    new Date(), PAGE));
  assert.deepEqual(once.map((each) => each.UID), again.map((each) => each.UID));
  assert.equal(once[0].UID, "phase.groundwork.large-process.internal-transfer.supportive@inside-track");
  const other = events(calendarFile(PLAN, START, "blocking", NOW, PAGE));
  assert.ok(other.every((each) => !once.some((mine) => mine.UID === each.UID)));
});

test("steps and milestones of other answers are left out; without an answer they say whose", () => {
  const blocking = unfold(calendarFile(PLAN, START, "blocking", NOW, PAGE));
  assert.match(blocking, /- Ask again/);
  assert.doesNotMatch(blocking, /First model/);
  assert.match(blocking, /URL:https:\/\/example.org\/c\/#answer-blocking\r\n/);
  const supportive = unfold(calendarFile(PLAN, START, "supportive", NOW, PAGE));
  assert.doesNotMatch(supportive, /Ask again/);
  assert.match(supportive, /SUMMARY:First model\r\n/);
  const open = unfold(calendarFile(PLAN, START, "", NOW, PAGE));
  assert.match(open, /SUMMARY:First model \(if the answer was: Supportive\)\r\n/);
  assert.match(open, /UID:milestone.first-model.groundwork.for-supportive/);
  assert.match(open, /- Keep a log\\; every week/);
  assert.match(open, /No steps of its own\./);
});

test("without a heading the calendar is named by the checklist", () => {
  const text = unfold(calendarFile(PLAN, START, "", NOW, {...PAGE, title: null}));
  assert.match(text, /X-WR-CALNAME;VALUE=TEXT:Inside Track: large-process\/internal-transfer\r\n/);
});
