// What the page reads back from the browser and from files: dates of every year the date
// field allows, saved answers, progress files and storage keys, checked by the published
// schema's rules before use, and kept apart for every site on one origin.
import assert from "node:assert/strict";
import {readFileSync} from "node:fs";
import {test} from "node:test";

import {calendarFile} from "../../plugins/inside_track/outputs/assets/js/calendar.js";
import {
  addMonths, isoDate, parseDate, utcDay
} from "../../plugins/inside_track/outputs/assets/js/dates.js";
import {savedSituationProblem} from "../../plugins/inside_track/outputs/assets/js/my-checklist.js";
import {
  ID_MAX_LENGTH, ID_PATTERN, MAX_IDS, PROGRESS_FIELDS, SITUATION_FIELDS, SLUG_MAX_LENGTH,
  SLUG_PATTERN, echo, progressProblem
} from "../../plugins/inside_track/outputs/assets/js/progress-file.js";
import {
  LEGACY_PREFIX, askToPersist, keyPrefix, migrateLegacy, siteBase
} from "../../plugins/inside_track/outputs/assets/js/storage.js";

const SCHEMA = JSON.parse(readFileSync(new URL("../../schema/progress.schema.json",
  import.meta.url), "utf-8"));

function validFile() {
  return {format: "inside-track-progress", version: 1, checklist: "large-process/x/not-yet",
    situation: {company_type: "large-process", path: "x", manager_response: "not-yet",
      company: null},
    start_date: "2027-01-31", steps: ["a-step"], signs: [], exported: "2026-12-02T18:00:00.000Z"};
}

/* A Storage-like object over a Map, as localStorage behaves. */
function memoryStore(entries) {
  const map = new Map(Object.entries(entries || {}));
  return {
    get length() {
      return map.size;
    },
    key: (index) => [...map.keys()][index] ?? null,
    getItem: (key) => (map.has(key) ? map.get(key) : null),
    setItem: (key, value) => map.set(key, String(value)),
    removeItem: (key) => map.delete(key),
    entries: () => Object.fromEntries(map)
  };
}

test("every year from 0001 to 9999 is read as written, leap days included", () => {
  for (const year of [1, 2, 4, 99, 100, 999, 1900, 2000, 2024, 9999]) {
    const text = String(year).padStart(4, "0");
    assert.equal(isoDate(parseDate(text + "-03-01")), text + "-03-01");
    assert.equal(parseDate(text + "-03-01").getUTCFullYear(), year);
    const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
    assert.equal(parseDate(text + "-02-29") !== null, leap, text);
  }
  for (const text of ["0000-01-01", "10000-01-01", "+002024-01-01", "2024-02-30", 2024,
    {toString: null}, ["2024-01-01"]]) {
    assert.equal(parseDate(text), null, String(typeof text));
  }
});

test("what the date field gives while a year is typed is a day, never 19xx", () => {
  // Chromium fires "change" at each digit: 0002, 0020, 0202, 2026
  for (const [typed, year] of [["0002", 2], ["0020", 20], ["0202", 202], ["2026", 2026]]) {
    const date = parseDate(typed + "-05-17");
    assert.equal(date.getUTCFullYear(), year);
    assert.equal(isoDate(addMonths(date, 1)), typed + "-06-17");
  }
  assert.equal(isoDate(addMonths(parseDate("0099-12-31"), 2)), "0100-02-28");
  assert.equal(utcDay(50, 0, 1).getUTCFullYear(), 50);
});

test("a plan that would run past 9999 gets no calendar file, one inside it does", () => {
  const plan = {checklist: "a/b", phases: [{id: "p", title: "P", start_month: 0, end_month: 6,
    steps: []}], milestones: []};
  const page = {address: "https://example.org/", title: "T", stepText: (step) => step.text};
  assert.equal(calendarFile(plan, parseDate("9999-09-01"), "", new Date(0), page), null);
  const text = calendarFile(plan, parseDate("9999-06-01"), "", new Date(0), page);
  assert.match(text, /DTSTART;VALUE=DATE:99990601\r\n/);
  assert.match(text, /DTEND;VALUE=DATE:99991201\r\n/);
  assert.equal(isoDate(addMonths(parseDate("9999-12-31"), 1)), null);
});

test("the progress file's rules are the published schema's", () => {
  const id = SCHEMA.properties.steps.items;
  assert.equal(ID_PATTERN.source, id.pattern);
  assert.equal(ID_MAX_LENGTH, id.maxLength);
  assert.equal(MAX_IDS, SCHEMA.properties.steps.maxItems);
  assert.equal(MAX_IDS, SCHEMA.properties.signs.maxItems);
  assert.equal(SLUG_PATTERN.source.replace(/\\\//g, "/"), SCHEMA.properties.checklist.pattern);
  assert.equal(SLUG_MAX_LENGTH, SCHEMA.properties.checklist.maxLength);
  assert.deepEqual([...PROGRESS_FIELDS].sort(), [...SCHEMA.required].sort());
  assert.deepEqual([...SITUATION_FIELDS].sort(),
    [...SCHEMA.$defs.ProgressSituation.required].sort());
  assert.equal(SCHEMA.additionalProperties, false);
});

test("a progress file breaking any rule is refused with a short message", () => {
  assert.equal(progressProblem(validFile()), null);
  const huge = "x".repeat(5 * 1024 * 1024);
  const bad = [
    (f) => ({...f, extra: 1}),
    (f) => ({...f, checklist: "../etc"}),
    (f) => ({...f, checklist: {toString: null}}),
    (f) => ({...f, situation: {...f.situation, company_type: {toString: null}}}),
    (f) => ({...f, situation: {...f.situation, surprise: "x"}}),
    (f) => ({...f, situation: [1]}),
    (f) => ({...f, start_date: "31/01/2027"}),
    (f) => ({...f, start_date: "2027-02-29"}),
    (f) => ({...f, steps: ["ok", huge]}),
    (f) => ({...f, steps: "a-step"}),
    (f) => ({...f, steps: Array(MAX_IDS + 1).fill("a")}),
    (f) => ({...f, signs: [null]}),
    (f) => ({...f, exported: "yesterday"}),
    (f) => {
      const copy = {...f};
      delete copy.exported;
      return copy;
    }
  ];
  bad.forEach((change, index) => {
    const problem = progressProblem(change(validFile()));
    assert.equal(typeof problem, "string", String(index));
    assert.ok(problem.length < 200, problem.slice(0, 300));
  });
  let nested = [];
  for (let depth = 0; depth < 100000; depth += 1) {
    nested = [nested];
  }
  assert.match(progressProblem({...validFile(), steps: nested}), /steps\[0\]/);
  assert.match(progressProblem(Object.create(null)), /not an Inside Track progress file/);
});

test("a value named in a message is short, whatever it is", () => {
  assert.equal(echo("x".repeat(5000)), JSON.stringify("x".repeat(40) + "…"));
  assert.equal(echo({toString: null}), "an object");
  assert.equal(echo([1, 2]), "a list");
  assert.equal(echo(5), "5");
  assert.equal(echo(undefined), "a value");
});

test("a saved situation of the wrong shape is refused, a good one kept", () => {
  const good = {company_type: "large-process", path: "x", manager_response: null,
    company: null, checklist: "large-process/x/plan", url: "https://example.org/c/"};
  assert.equal(savedSituationProblem(good), null);
  for (const value of [{...good, company_type: 5}, {...good, url: "javascript:alert(1)"},
    {...good, checklist: 7}, {...good, path: {toString: null}}, {...good, more: 1},
    {company_type: "a"}]) {
    const problem = savedSituationProblem(value);
    assert.equal(typeof problem, "string", JSON.stringify(value));
    assert.ok(problem.length < 200);
  }
});

test("each site keeps its own keys: base path and edition", () => {
  const base = siteBase("https://group.gitlab.io/guide-a/assets/inside-track/inside-track.js");
  assert.equal(base, "/guide-a/");
  assert.equal(siteBase(null, "https://group.gitlab.io/guide-b/checklists/x/", "../.."),
    "/guide-b/");
  assert.equal(siteBase("file:///home/me/site-offline/assets/inside-track/inside-track.js"),
    "/home/me/site-offline/");
  assert.equal(siteBase(null, null, null), "/");
  const prefixes = new Set([keyPrefix("/guide-a/", "public"), keyPrefix("/guide-b/", "public"),
    keyPrefix("/guide-a/", "internal"), keyPrefix("/guide-a:x/", "public")]);
  assert.equal(prefixes.size, 4);
  for (const prefix of prefixes) {
    assert.ok(!prefix.startsWith(LEGACY_PREFIX));
    for (const other of prefixes) {  // no site's keys are another's with more after them
      assert.ok(prefix === other || !other.startsWith(prefix), prefix + " " + other);
    }
  }
});

test("the keys of before move under the first site once; its own values win", () => {
  const prefix = keyPrefix("/guide-a/", "public");
  const store = memoryStore({
    [LEGACY_PREFIX + "step:a"]: "1",
    [LEGACY_PREFIX + "situation"]: "{\"old\":1}",
    [LEGACY_PREFIX + "start:x/y"]: "2027-01-01",
    [prefix + "situation"]: "{\"new\":1}",
    "someone-else": "kept"
  });
  assert.equal(migrateLegacy(store, prefix), 3);
  assert.deepEqual(store.entries(), {
    [prefix + "step:a"]: "1",
    [prefix + "situation"]: "{\"new\":1}",
    [prefix + "start:x/y"]: "2027-01-01",
    "someone-else": "kept"
  });
  assert.equal(migrateLegacy(store, keyPrefix("/guide-b/", "public")), 0);
});

test("persistent storage is asked for once; a refusal reminds to keep a file", async () => {
  const store = memoryStore();
  let asked = 0;
  let reminded = 0;
  const refusing = {persist: () => {
    asked += 1;
    return Promise.resolve(false);
  }};
  assert.equal(await askToPersist(store, refusing, () => {
    reminded += 1;
  }), false);
  assert.equal(await askToPersist(store, refusing, () => {
    reminded += 1;
  }), null);
  assert.deepEqual([asked, reminded], [1, 1]);
  const granting = {persist: () => Promise.resolve(true)};
  assert.equal(await askToPersist(memoryStore(), granting, () => {
    reminded += 1;
  }), true);
  assert.equal(reminded, 1);
  assert.equal(await askToPersist(memoryStore(), undefined, () => {
    reminded += 1;
  }), false);
  assert.equal(reminded, 2);
});
