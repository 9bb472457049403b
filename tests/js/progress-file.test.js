// The progress file: what it holds, and which files read back can be imported.
import assert from "node:assert/strict";
import {test} from "node:test";

import {
  PROGRESS_FORMAT, PROGRESS_VERSION, idsOf, namesOf, progressIds, progressProblem, situationFor
} from "../../plugins/inside_track/outputs/assets/js/progress-file.js";

function box(kind, id, checked) {
  const attributes = {["data-it-" + kind]: id};
  return {checked, hasAttribute: (name) => name in attributes,
    getAttribute: (name) => attributes[name]};
}

test("a file of another format or version is refused, saying which", () => {
  for (const data of [null, 3, "text", [], {}, {format: "other", version: PROGRESS_VERSION}]) {
    assert.equal(progressProblem(data), "That file is not an Inside Track progress file.");
  }
  const newer = {format: PROGRESS_FORMAT, version: PROGRESS_VERSION + 1};
  assert.match(progressProblem(newer), new RegExp("has version " + (PROGRESS_VERSION + 1) +
    "; this page reads version " + PROGRESS_VERSION));
  assert.equal(progressProblem({format: PROGRESS_FORMAT, version: PROGRESS_VERSION,
    checklist: "a/b/c", situation: {company_type: "a", path: "b", manager_response: "c",
      company: null}, start_date: null, steps: [], signs: [],
    exported: "2026-12-02T18:00:00.000Z"}), null);
});

test("the ids a file ticks are strings, and anything but a list ticks none", () => {
  assert.deepEqual(progressIds({steps: ["a", 2], signs: "b"}), [["step", ["a", "2"]], ["sign", []]]);
  assert.deepEqual(progressIds({}), [["step", []], ["sign", []]]);
});

test("the ticked ids of one kind, in page order", () => {
  const boxes = [box("step", "one", true), box("sign", "ready", true), box("step", "two", false),
    box("step", "three", true)];
  assert.deepEqual(idsOf(boxes, "step"), ["one", "three"]);
  assert.deepEqual(idsOf(boxes, "sign"), ["ready"]);
});

test("the situation takes the page's answer, else the one chosen on it", () => {
  const plan = {situation: {company_type: "t", path: "p", manager_response: null, company: null}};
  assert.equal(situationFor(plan, "yes").manager_response, "yes");
  assert.equal(situationFor(plan, "").manager_response, null);
  const fixed = {situation: {...plan.situation, manager_response: "no"}};
  assert.equal(situationFor(fixed, "yes").manager_response, "no");
});

test("a long list of missing ids names ten and counts the rest", () => {
  const ids = Array.from({length: 25}, (_, index) => "id-" + index);
  assert.equal(namesOf(ids.slice(0, 2)), "id-0, id-1");
  assert.equal(namesOf(ids), ids.slice(0, 10).join(", ") + " and 15 more");
});
