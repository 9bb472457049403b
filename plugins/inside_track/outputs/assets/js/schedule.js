/*
 * The one schedule a checklist page dates: the planner's months (from the page's data) for
 * the reader's answer, moved by the reader's review date when they give one. The page's
 * dates, its timeline, the calendar file and "you are here" all read it; nothing here
 * decides what a phase holds or how long it takes, only when it falls.
 */

import {monthsBetween} from "./dates.js";

function copy(value) {
  return JSON.parse(JSON.stringify(value));
}

/* The plan for one answer: each phase's and the total's months for it, as plain fields. */
export function planFor(plan, answer) {
  var resolved = copy(plan);
  resolved.phases.forEach(function (phase) {
    var own = answer && phase.by_response && phase.by_response[answer];
    if (own) {
      phase.start_month = own.start_month;
      phase.end_month = own.end_month;
    }
    delete phase.by_response;
  });
  resolved.total_months = copy((answer && plan.total_by_response &&
    plan.total_by_response[answer]) || plan.total_months);
  resolved.review = (answer && plan.review_by_response &&
    plan.review_by_response[answer]) || plan.review || null;
  delete resolved.total_by_response;
  delete resolved.review_by_response;
  return resolved;
}

/* The plan scheduled against a review date: the case ready ``lead`` months before the
   review, and the phase that waits for the review (with everything from its start on)
   moved to it. ``review`` says where the review falls, when the case must be ready, and
   whether that is sooner than the case can be made (``tooClose``: nothing moves then). */
export function scheduleFor(plan, answer, start, reviewDate) {
  var resolved = planFor(plan, answer);
  var anchor = resolved.review;
  if (!anchor || !start || !reviewDate) {
    return {plan: resolved, review: null};
  }
  var month = monthsBetween(start, reviewDate);
  var readyBy = month - anchor.lead;
  var held = resolved.phases.filter(function (phase) {
    return phase.id === anchor.held;
  })[0];
  var review = {month: month, readyBy: readyBy, readyMin: anchor.ready_min,
    tooClose: readyBy < anchor.ready_min, shift: 0};
  if (!held) {
    return {plan: resolved, review: review};
  }
  var from = held.start_month;
  var shift = review.tooClose ? 0 : Math.max(0, month - from);
  review.shift = shift;
  if (shift > 0) {
    var end = resolved.total_months.max;
    resolved.phases.forEach(function (phase) {
      if (phase.start_month >= from) {
        phase.start_month += shift;
        phase.end_month += shift;
      } else if (phase.end_month >= end) {
        phase.end_month += shift; /* it runs on to the end of the plan */
      }
    });
    resolved.milestones.forEach(function (mark) {
      if (mark.month >= from) {
        mark.month += shift;
      }
    });
    resolved.total_months.min += shift;
    resolved.total_months.max += shift;
  }
  if (!review.tooClose) {
    resolved.milestones.push({id: "case-ready", title: "Have your case ready for the review",
      phase: anchor.ready, month: readyBy, responses: null});
  }
  resolved.milestones.push({id: "review", title: "Your review cycle or planning window",
    phase: anchor.held, month: month, responses: null});
  resolved.milestones.sort(function (a, b) {
    return a.month - b.month;
  });
  return {plan: resolved, review: review};
}

/* Where the reader is on a dated plan, by today's plan month and their ticks: the first
   unfinished phase that today falls in; else, ahead of plan, the next unfinished one;
   else, behind it, the first unfinished one. ``state(id)`` is "done", "open", or null for
   a phase with no steps to tick. */
export function herePhase(phases, at, state) {
  var open = phases.filter(function (phase) {
    return !phase.after_answer && state(phase.id) === "open";
  });
  var now = open.filter(function (phase) {
    return phase.start_month <= at && at < phase.end_month;
  });
  var next = open.filter(function (phase) {
    return phase.start_month > at;
  });
  var found = now[0] || next[0] || open[0];
  return found ? found.id : null;
}
