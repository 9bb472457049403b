// The home page's "Continue where you left off": which steps count, and how it says so.
import assert from "node:assert/strict";
import {test} from "node:test";

import {doneText, itemsFor} from "../../plugins/inside_track/outputs/assets/js/continue.js";

const CHECKLIST = {
  items: [
    {id: "a"},
    {id: "b", responses: ["vague"]},
    {id: "c", responses: ["needed-here", "vague"]},
    {id: "d"}
  ]
};

test("a step for some answers counts only for those answers", () => {
  assert.deepEqual(itemsFor(CHECKLIST, "needed-here").map((item) => item.id), ["a", "c", "d"]);
  assert.deepEqual(itemsFor(CHECKLIST, "vague").map((item) => item.id), ["a", "b", "c", "d"]);
  assert.deepEqual(itemsFor(CHECKLIST, null).map((item) => item.id), ["a", "b", "c", "d"]);
  assert.deepEqual(itemsFor({}, "vague"), []);
});

test("the count names the ticked steps out of the answer's steps", () => {
  const ticked = new Set(["a", "c", "elsewhere"]);
  assert.equal(doneText(itemsFor(CHECKLIST, "needed-here"), (id) => ticked.has(id)),
    "2 of 3 steps done");
  assert.equal(doneText([{id: "a"}], (id) => ticked.has(id)), "1 of 1 step done");
  assert.equal(doneText([], () => true), "0 of 0 steps done");
});
