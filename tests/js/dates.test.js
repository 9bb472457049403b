// The plan's date rules: whole UTC days, calendar months, fractions as days of 30.
import assert from "node:assert/strict";
import {test} from "node:test";

import {
  addDays, addMonths, applies, isoDate, monthsBetween, parseDate, phaseDays, planMonths, schedule
} from "../../plugins/inside_track/outputs/assets/js/dates.js";

const day = (text) => parseDate(text);

test("parseDate takes real YYYY-MM-DD days only", () => {
  assert.equal(isoDate(day("2024-02-29")), "2024-02-29");
  for (const text of ["2023-02-29", "2024-04-31", "2024-13-01", "2024-1-01", "24-01-01",
    " 2024-01-01", "2024-01-01T00:00", "", null, undefined]) {
    assert.equal(parseDate(text), null, String(text));
  }
});

test("a date is a UTC day: midnight, whatever the time zone", () => {
  const date = day("2024-03-31");
  assert.equal(date.getUTCHours(), 0);
  assert.equal(date.toISOString(), "2024-03-31T00:00:00.000Z");
});

test("a month from the 31st falls back to the month's last day", () => {
  assert.equal(isoDate(addMonths(day("2024-01-31"), 1)), "2024-02-29");
  assert.equal(isoDate(addMonths(day("2023-01-31"), 1)), "2023-02-28");
  assert.equal(isoDate(addMonths(day("2024-01-31"), 3)), "2024-04-30");
  assert.equal(isoDate(addMonths(day("2024-11-15"), 2)), "2025-01-15");
});

test("a fraction of a month is that fraction of 30 days, rounded", () => {
  assert.equal(isoDate(addMonths(day("2024-01-10"), 0.5)), "2024-01-25");
  assert.equal(isoDate(addMonths(day("2024-01-10"), 1.1)), "2024-02-13");
  assert.equal(isoDate(addDays(day("2024-12-31"), 1)), "2025-01-01");
});

test("monthsBetween undoes addMonths", () => {
  const start = day("2024-01-31");
  for (const months of [0, 1, 2.5, 7, 13.25]) {
    assert.ok(Math.abs(monthsBetween(start, addMonths(start, months)) - months) < 0.05,
      String(months));
  }
  assert.ok(monthsBetween(start, day("2024-01-01")) < 0);
});

test("a phase lasts at least a day, and takes the months of the reader's answer", () => {
  const start = day("2024-01-01");
  const phase = {start_month: 2, end_month: 2,
    by_response: {yes: {start_month: 1, end_month: 3}}};
  const own = phaseDays(start, phase, "");
  assert.equal(isoDate(own.first), "2024-03-01");
  assert.equal(isoDate(own.after), "2024-03-02");
  const answered = phaseDays(start, phase, "yes");
  assert.deepEqual([isoDate(answered.first), isoDate(answered.after)],
    ["2024-02-01", "2024-04-01"]);
  assert.deepEqual(phaseDays(start, phase, "unknown"), own);
});

test("a step or milestone applies without an answer, or when it names the answer", () => {
  assert.ok(applies(["yes"], ""));
  assert.ok(applies(null, "no"));
  assert.ok(applies(["yes", "no"], "no"));
  assert.ok(!applies(["yes"], "no"));
});

test("a plan's length is the answer's when the page has one for it", () => {
  const plan = {total_months: {min: 6, max: 12}, total_by_response: {yes: {min: 3, max: 5}}};
  assert.equal(planMonths(plan, ""), 12);
  assert.equal(planMonths(plan, "yes"), 5);
  assert.equal(planMonths(plan, "no"), 12);
});

test("a phase's schedule compares today with its days and the reader's ticks", () => {
  const days = {first: day("2024-02-01"), after: day("2024-03-01")};
  const ticked = [{checked: true}, {checked: true}];
  const half = [{checked: true}, {checked: false}];
  const none = [{checked: false}];
  const cases = [
    [ticked, "2024-02-15", "ahead"], [ticked, "2024-03-01", "done"],
    [half, "2024-03-01", "overdue"], [[], "2024-03-01", "ended"],
    [none, "2024-02-01", "current"], [half, "2024-01-15", "ahead"],
    [none, "2024-01-31", "upcoming"]
  ];
  for (const [own, today, expected] of cases) {
    assert.equal(schedule(days, own, day(today)), expected, today + " " + expected);
  }
});
