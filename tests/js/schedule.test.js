// The one schedule a page dates: the planner's months for an answer, moved by a review date.
import assert from "node:assert/strict";
import {test} from "node:test";

import {addMonths, parseDate} from "../../plugins/inside_track/outputs/assets/js/dates.js";
import {carried, movedText} from "../../plugins/inside_track/outputs/assets/js/moves.js";
import {
  herePhase, planFor, scheduleFor
} from "../../plugins/inside_track/outputs/assets/js/schedule.js";

const plan = {
  checklist: "large/transfer",
  phases: [
    {id: "map", start_month: 0, end_month: 1, steps: []},
    {id: "build", start_month: 0.5, end_month: 4, steps: []},
    {id: "talk", start_month: 3, end_month: 5, steps: [],
      by_response: {later: {start_month: 3, end_month: 11}}},
    {id: "move", start_month: 5, end_month: 9, steps: [],
      by_response: {later: {start_month: 11, end_month: 15}}}
  ],
  milestones: [{id: "cycle", title: "Cycle", phase: "move", month: 5, responses: null}],
  total_months: {min: 6, max: 9},
  total_by_response: {later: {min: 12, max: 15}},
  review: {ready: "talk", held: "move", ready_min: 5, lead: 0.75},
  review_by_response: {later: {ready: "talk", held: "move", ready_min: 11, lead: 0.75}}
};
const start = parseDate("2027-01-01");

test("an answer's own months become the plan's", () => {
  const later = planFor(plan, "later");
  assert.deepEqual(later.phases.map((p) => [p.start_month, p.end_month]),
    [[0, 1], [0.5, 4], [3, 11], [11, 15]]);
  assert.equal(later.total_months.max, 15);
  assert.equal(later.review.ready_min, 11);
  assert.ok(!("by_response" in later.phases[2]));
  assert.equal(plan.phases[2].start_month, 3);  // the page's data is left as it was
});

test("a review after the case is ready holds the phase after it until the review", () => {
  const review = addMonths(start, 8);
  const {plan: dated, review: found} = scheduleFor(plan, "", start, review);
  assert.equal(found.tooClose, false);
  assert.ok(Math.abs(found.month - 8) < 0.05);
  const move = dated.phases.find((p) => p.id === "move");
  assert.ok(Math.abs(move.start_month - 8) < 0.05);
  assert.ok(Math.abs(dated.total_months.max - 12) < 0.05);
  const ready = dated.milestones.find((m) => m.id === "case-ready");
  assert.ok(ready.month < found.month && ready.month >= plan.review.ready_min);
  assert.ok(Math.abs(dated.milestones.find((m) => m.id === "cycle").month - 8) < 0.05);
  assert.deepEqual(dated.phases.slice(0, 3).map((p) => p.start_month), [0, 0.5, 3]);
});

test("a review too close to make moves nothing and says so", () => {
  const {plan: dated, review} = scheduleFor(plan, "", start, addMonths(start, 5.5));
  assert.equal(review.tooClose, true);
  assert.equal(dated.phases[3].start_month, 5);
  assert.ok(!dated.milestones.some((m) => m.id === "case-ready"));
  // the same date is too close for an answer that defers the conversation
  assert.equal(scheduleFor(plan, "later", start, addMonths(start, 9)).review.tooClose, true);
  assert.equal(scheduleFor(plan, "", start, addMonths(start, 9)).review.tooClose, false);
});

test("without a review date or a start the planner's months stand", () => {
  assert.equal(scheduleFor(plan, "", start, null).review, null);
  assert.equal(scheduleFor(plan, "", null, start).review, null);
});

test("you are here: the unfinished phase today falls in, else the next, else the first", () => {
  const state = (done) => (id) => (done.includes(id) ? "done" : "open");
  assert.equal(herePhase(plan.phases, 0.2, state([])), "map");
  assert.equal(herePhase(plan.phases, 0.7, state(["map"])), "build");
  assert.equal(herePhase(plan.phases, 3.5, state(["map"])), "build");
  assert.equal(herePhase(plan.phases, 3.5, state(["map", "build"])), "talk");
  assert.equal(herePhase(plan.phases, 1.5, state(["map", "build"])), "talk");  // ahead
  assert.equal(herePhase(plan.phases, 20, state(["map"])), "build");  // behind
  assert.equal(herePhase(plan.phases, 2, state(["map", "build", "talk", "move"])), null);
  const noSteps = (id) => (id === "map" ? null : "open");
  assert.equal(herePhase(plan.phases, 0.2, noSteps), "build");
});

test("moving on counts the ticks the next checklist has", () => {
  assert.equal(carried(["a", "b", "c"], {steps: ["b", "c", "d"]}), 2);
  assert.equal(carried([], {steps: ["b"]}), 0);
  const record = {page: "x/y", carried: 2, of: 3};
  assert.match(movedText(record, "x/y"), /^2 of 3 ticks carried over/);
  assert.equal(movedText(record, "other"), "");
  assert.equal(movedText(null, "x/y"), "");
});
