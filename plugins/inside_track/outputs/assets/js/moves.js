/*
 * Moving to the checklist that comes next: recording the manager's answer (or the
 * revisit's, or a change of route) on a checklist that ends in a transition. Ticks are
 * kept by step id, so every tick whose step the next checklist has is already there; this
 * counts them, carries the dates over, and moves "My checklist" with the reader.
 */

import {readSituation, rememberSituation} from "./my-checklist.js";
import {PREFIX, readJson, writeItem} from "./storage.js";

export var MOVED_KEY = PREFIX + "moved";

/* Of the step ids ticked here, how many the next checklist has. */
export function carried(ticked, target) {
  return ticked.filter(function (id) {
    return target.steps.indexOf(id) >= 0;
  }).length;
}

/* What the next page says when the reader arrives, or "" for another page. */
export function movedText(record, page) {
  if (!record || typeof record !== "object" || record.page !== page ||
      !Number.isInteger(record.carried) || !Number.isInteger(record.of) ||
      record.carried < 0 || record.carried > record.of) {
    return "";
  }
  return record.carried + " of " + record.of + (record.of === 1 ? " tick" : " ticks") +
    " carried over from your previous checklist: every step it shares with this one " +
    "stays ticked.";
}

function findTarget(plan, slug) {
  var found = null;
  (plan.transitions || []).forEach(function (move) {
    move.targets.forEach(function (target) {
      if (target.checklist === slug) {
        found = target;
      }
    });
  });
  return found;
}

/* Wire the links of a checklist's transitions. ``ticked()`` gives the step ids ticked
   on this page; ``dates`` the keys of this page's start and review dates. */
export function setupMoves(plan, store, ticked, dates) {
  Array.prototype.slice.call(document.querySelectorAll(".it-next a[data-it-to]"))
    .forEach(function (link) {
      link.addEventListener("click", function () {
        var target = findTarget(plan, link.getAttribute("data-it-to"));
        if (!target) {
          return;
        }
        var ids = ticked();
        writeItem(store, MOVED_KEY, JSON.stringify({
          from: plan.checklist, page: target.page, checklist: target.checklist,
          carried: carried(ids, target), of: ids.length
        }));
        Object.keys(dates).forEach(function (kind) {
          var value = store ? store.getItem(dates[kind]) : null;
          var there = PREFIX + kind + ":" + target.page;
          if (value && store && !store.getItem(there)) {
            writeItem(store, there, value);
          }
        });
        var mine = readSituation(store).situation;
        if (!mine || mine.checklist === plan.checklist) {
          rememberSituation(store, target.situation, target.page, link.href);
        }
        var note = link.closest(".it-next").querySelector(".it-next__note");
        if (note) {
          note.textContent = movedText(readJson(store, MOVED_KEY), target.page);
        }
      });
    });
}
