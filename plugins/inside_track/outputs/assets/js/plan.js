/*
 * The reader's own plan on a checklist page. Everything it keeps stays in this browser.
 */

import {calendarFile} from "./calendar.js";
import {
  SCHEDULE_WORDS, addDays, addMonths, isoDate, monthsBetween, parseDate, phaseDays, planMonths,
  schedule, showDate, today
} from "./dates.js";
import {readSituation, rememberSituation} from "./my-checklist.js";
import {all, download, isChecked, pageAddress} from "./page.js";
import {
  PROGRESS_FORMAT, PROGRESS_VERSION, echo, idsOf, namesOf, progressIds, progressProblem,
  situationFor
} from "./progress-file.js";
import {SHARE_MARK, readShare, shareFragment} from "./share.js";
import {FOLD_KEY, PREFIX, writeItem} from "./storage.js";

/* A progress file larger than this is not one a checklist page wrote. */
var MAX_FILE_BYTES = 1000000;

function timeElement(date) {
  var node = document.createElement("time");
  node.dateTime = isoDate(date);
  node.textContent = showDate(date);
  return node;
}

/* A heading's words without its permalink sign ("¶"), which is a link inside it. */
function headingText(heading) {
  var copy = heading.cloneNode(true);
  Array.prototype.forEach.call(copy.querySelectorAll(".headerlink"), function (link) {
    link.remove();
  });
  return copy.textContent;
}

/* A step's words as the page shows them (its Markdown rendered), else as written. */
function stepText(step) {
  var label = document.querySelector("label[for=\"it-step-" + step.id + "\"]");
  return label ? label.textContent.replace(/\s+/g, " ").trim() : step.text;
}

/* The plan on a checklist page: start date and the dates it gives each phase, the
   calendar and progress files, the share link, folding finished phases, My checklist.
   ``api`` is the checklist's: its boxes, storage and how to refresh the page. */
export function setupPlan(panel, api) {
  var source = document.getElementById("it-plan-data");
  var box = document.querySelector(".it-plan");
  if (!source || !box) {
    return null;
  }
  var plan = JSON.parse(source.textContent);
  var store = api.store;
  var startKey = PREFIX + "start:" + plan.checklist;
  var input = box.querySelector(".it-plan__date");
  var summary = box.querySelector(".it-plan__summary");
  var note = box.querySelector(".it-plan__note");
  var file = box.querySelector(".it-plan__file");
  var shareOut = box.querySelector(".it-plan__share-out");
  var shareLink = box.querySelector(".it-plan__share-link");
  var fold = box.querySelector(".it-plan__fold");
  var done = panel.querySelector(".it-progress__done");
  var sharedBox = document.querySelector(".it-shared");
  var printMeta = document.querySelector(".it-print-meta");
  var mine = box.querySelector(".it-plan__mine");
  var view = null; /* the share link's progress, while it shows */
  var lastFold = {phases: 0, steps: 0}; /* what folding hides now */
  var copy = box.querySelector(".it-plan__copy");

  function answer() {
    var current = document.querySelector("a[data-it-answer][aria-current=true]");
    return current ? current.getAttribute("data-it-answer") : "";
  }

  function startDate() {
    if (view) {
      return view.start;
    }
    return parseDate(store ? store.getItem(startKey) : input.value);
  }

  function phaseBoxes(phase, shown) {
    return shown.filter(function (each) {
      return each.getAttribute("data-it-phase") === phase.id;
    });
  }

  /* Dates beside each phase and its schedule; today on the timeline. */
  function showDates(start, shown) {
    var day = today();
    var counts = {};
    plan.phases.forEach(function (phase) {
      var line = document.querySelector(".it-dates[data-it-phase=\"" + phase.id + "\"]");
      var anchor = document.querySelector(".it-duration[data-it-phase=\"" + phase.id + "\"]");
      if (!start) {
        if (line) {
          line.remove();
        }
        return;
      }
      if (!line && anchor) {
        line = document.createElement("p");
        line.className = "it-dates";
        line.setAttribute("data-it-phase", phase.id);
        anchor.insertAdjacentElement("afterend", line);
      }
      if (!line) {
        return;
      }
      var days = phaseDays(start, phase, answer());
      var state = schedule(days, phaseBoxes(phase, shown), day);
      counts[state] = (counts[state] || 0) + 1;
      line.setAttribute("data-it-schedule", state);
      line.textContent = "";
      line.appendChild(timeElement(days.first));
      line.appendChild(document.createTextNode(" to "));
      line.appendChild(timeElement(addDays(days.after, -1)));
      var word = document.createElement("strong");
      word.className = "it-dates__schedule";
      word.textContent = SCHEDULE_WORDS[state];
      line.appendChild(document.createTextNode(": "));
      line.appendChild(word);
    });
    markToday(start, day);
    if (!start) {
      summary.textContent = view ? "No start date was shared." :
        "Set a start date to see the dates of each phase.";
      return;
    }
    var words = [];
    ["overdue", "current", "ahead"].forEach(function (state) {
      if (counts[state]) {
        words.push(counts[state] + " " + (state === "current" ? "under way" : SCHEDULE_WORDS[state]));
      }
    });
    var end = addMonths(start, planMonths(plan, answer()));
    summary.textContent = "Plan from " + showDate(start) + " to about " + showDate(end) +
      "." + (words.length ? " Phases: " + words.join(", ") + "." : "");
  }

  function markToday(start, day) {
    var chart = document.querySelector(".it-timeline__chart");
    var old = chart && chart.querySelector(".it-timeline__today");
    if (old) {
      old.remove();
    }
    if (!chart || !start) {
      return;
    }
    var months = Number(chart.getAttribute("data-it-months")) || planMonths(plan, answer());
    var at = monthsBetween(start, day);
    if (at < 0 || at > months) {
      return;
    }
    var ns = "http://www.w3.org/2000/svg";
    var group = document.createElementNS(ns, "g");
    group.setAttribute("class", "it-timeline__today");
    group.setAttribute("aria-hidden", "true");
    var x = Math.round(at / months * 100000) / 1000 + "%";
    var line = document.createElementNS(ns, "line");
    line.setAttribute("x1", x);
    line.setAttribute("x2", x);
    line.setAttribute("y1", "4");
    line.setAttribute("y2", String(Number(chart.getAttribute("height")) - 20));
    var label = document.createElementNS(ns, "text");
    label.setAttribute("x", x);
    label.setAttribute("y", String(Number(chart.getAttribute("height")) - 6));
    label.setAttribute("text-anchor", at / months > 0.9 ? "end" : "start");
    label.textContent = " Today";
    group.appendChild(line);
    group.appendChild(label);
    chart.appendChild(group);
    var title = chart.querySelector("title");
    if (title) {
      title.setAttribute("data-it-today", isoDate(day));
    }
  }

  /* Fold the steps of finished phases away; each folded phase says how many it hides.
     Returns how many phases and steps are folded. */
  function foldPhases(shown) {
    var on = !view && store && store.getItem(FOLD_KEY) === "1";
    var folded = {phases: 0, steps: 0};
    fold.setAttribute("aria-pressed", on ? "true" : "false");
    plan.phases.forEach(function (phase) {
      var own = phaseBoxes(phase, shown);
      var finished = Boolean(on && own.length > 0 && own.every(isChecked));
      own.concat(api.steps.filter(function (each) {
        return each.getAttribute("data-it-phase") === phase.id;
      })).forEach(function (each) {
        var item = each.closest(".it-item");
        if (item) {
          item.classList.toggle("it-folded", finished);
        }
      });
      var line = document.querySelector(".it-folded-note[data-it-phase=\"" + phase.id + "\"]");
      var anchor = document.querySelector(".it-duration[data-it-phase=\"" + phase.id + "\"]");
      if (finished && !line && anchor) {
        line = document.createElement("p");
        line.className = "it-folded-note";
        line.setAttribute("data-it-phase", phase.id);
        anchor.insertAdjacentElement("afterend", line);
      }
      if (line) {
        line.hidden = !finished;
        line.textContent = finished ? "Finished: " + own.length + " done " +
          (own.length === 1 ? "step" : "steps") + " folded away. \u201cFold finished " +
          "phases\u201d shows them again." : "";
      }
      if (finished) {
        folded.phases += 1;
        folded.steps += own.length;
      }
    });
    return folded;
  }

  function update(shown) {
    var ticked = shown.filter(isChecked).length;
    done.textContent = shown.length && ticked === shown.length ?
      "Every step of this checklist is done: you have finished the plan." : "";
    done.hidden = done.textContent === "";
    showDates(startDate(), shown);
    lastFold = foldPhases(shown);
    printMeta.textContent = "Printed from " + pageAddress() + " on " + showDate(today()) + ".";
  }

  function progress() {
    var start = startDate();
    return {
      format: PROGRESS_FORMAT,
      version: PROGRESS_VERSION,
      checklist: plan.checklist,
      situation: situationFor(plan, answer()),
      start_date: start ? isoDate(start) : null,
      steps: idsOf(api.boxes, "step"),
      signs: idsOf(api.boxes, "sign"),
      exported: new Date().toISOString()
    };
  }

  function fileName(extension) {
    return "inside-track-" + plan.checklist.replace(/\//g, "-") +
      (answer() ? "-" + answer() : "") + extension;
  }

  function say(text) {
    note.textContent = text;
  }

  /* Tick what a progress file holds (never untick), and say what it named that this
     page no longer has. */
  function merge(data) {
    var problem = progressProblem(data);
    if (problem) {
      return say(problem);
    }
    var missing = [];
    var added = 0;
    progressIds(data).forEach(function (pair) {
      pair[1].forEach(function (id) {
        var target = api.boxes.filter(function (each) {
          return each.getAttribute("data-it-" + pair[0]) === id;
        })[0];
        if (!target) {
          missing.push(id);
        } else if (!target.checked) {
          target.checked = true;
          api.save(target);
          added += 1;
        }
      });
    });
    var start = parseDate(data.start_date);
    if (start && !startDate()) {
      setStart(isoDate(start));
    }
    // The file's answers name this checklist: it becomes "My checklist" if none is kept.
    var restored = false;
    if (data.checklist === plan.checklist && !readSituation(store).situation) {
      var said = data.situation && data.situation.manager_response;
      var chosen = plan.responses.indexOf(said) >= 0 ? said : answer();
      restored = rememberSituation(store, situationFor(plan, chosen), plan.checklist,
        pageAddress() + (chosen ? "#answer-" + chosen : ""));
      showMine();
    }
    api.refresh();
    say("Imported: " + added + (added === 1 ? " tick" : " ticks") + " added" +
      (data.checklist !== plan.checklist ? " (the file is from another checklist)" : "") +
      "." + (restored ? " This is your checklist again: \u201cMy checklist\u201d at the " +
        "top of every page leads here." : "") +
      (missing.length ? " Not on this checklist any more: " + namesOf(missing) + "." : ""));
  }

  function setStart(value) {
    input.value = value;
    writeItem(store, startKey, value || null);
  }

  function enterShare() {
    var found = readShare(window.location.hash, plan);
    if (found && found.wrong) {
      say("This share link is for another checklist or version, so it is not shown.");
      found = null;
    } else if (found && found.damaged) {
      say("This share link is damaged (it holds something a share link cannot), so it is " +
        "not shown.");
      found = null;
    }
    view = found ? {
      start: found.start,
      answerHash: plan.responses.indexOf(found.answer) >= 0 ? "#answer-" + found.answer : null,
      keys: found.steps.map(function (id) {
        return PREFIX + "step:" + id;
      }).concat(found.signs.map(function (id) {
        return PREFIX + "sign:" + id;
      })),
      found: found
    } : null;
    api.share(view);
    box.hidden = view !== null;
    sharedBox.hidden = view === null;
    if (view) {
      // The explanation comes first on the page: the reader sees why the boxes are off.
      var heading = document.querySelector(".md-content h1");
      if (heading && heading.nextElementSibling !== sharedBox) {
        heading.insertAdjacentElement("afterend", sharedBox);
      }
      var steps = api.steps.filter(function (each) {
        return found.steps.indexOf(each.getAttribute("data-it-step")) >= 0;
      }).length;
      sharedBox.querySelector(".it-shared__text").textContent = "You are looking at " +
        "shared progress, read-only: " + steps + " ticked " + (steps === 1 ? "step" : "steps") +
        (found.start ? ", started " + showDate(found.start) : "") + ". Your own progress " +
        "in this browser is unchanged unless you adopt this one.";
    }
    api.refresh();
  }

  function leaveShare(keepAnswer) {
    var hash = keepAnswer && view && view.answerHash ? view.answerHash : "";
    window.history.replaceState(null, "", pageAddress() + hash);
    enterShare();
  }

  /* The field fires "change" while a year is typed ("0002" on the way to "2026"): keep
     what it says, and never write the field back, which would reset the typing. */
  input.addEventListener("change", function () {
    var date = parseDate(input.value);
    if (input.value && !date) {
      return;
    }
    writeItem(store, startKey, date ? isoDate(date) : null);
    api.refresh();
  });

  box.querySelector(".it-plan__clear-date").addEventListener("click", function () {
    setStart("");
    api.refresh();
    say("Start date cleared.");
  });

  box.querySelector(".it-plan__ics").addEventListener("click", function () {
    var start = startDate();
    var heading = document.querySelector("h1");
    if (!start) {
      say("Set your start date first: the calendar needs it to date each phase.");
      input.focus();
      return;
    }
    var text = calendarFile(plan, start, answer(), new Date(), {
      address: pageAddress(),
      title: heading ? headingText(heading) : null,
      stepText: stepText
    });
    if (text === null) {
      say("From this start date the plan runs past the year 9999, which a calendar cannot " +
        "hold. Choose an earlier start date.");
      input.focus();
      return;
    }
    download(fileName(".ics"), "text/calendar;charset=utf-8", text);
    say("Calendar file made. Importing it again updates the same events.");
  });

  box.querySelector(".it-plan__export").addEventListener("click", function () {
    download(fileName(".json"), "application/json",
      JSON.stringify(progress(), null, 2) + "\n");
    say("Progress file made.");
  });

  box.querySelector(".it-plan__import").addEventListener("click", function () {
    file.click();
  });

  file.addEventListener("change", function () {
    var chosen = file.files && file.files[0];
    if (!chosen) {
      return;
    }
    if (chosen.size > MAX_FILE_BYTES) {
      file.value = "";
      say("That file is too large to be an Inside Track progress file.");
      return;
    }
    chosen.text().then(function (text) {
      var data;
      try {
        data = JSON.parse(text);
      } catch (error) {
        data = null;  /* not JSON, or nested beyond what the browser parses */
      }
      merge(data);
    }).catch(function () {
      say("That file could not be read.");
    }).then(function () {
      file.value = "";
    });
  });

  box.querySelector(".it-plan__share").addEventListener("click", function () {
    shareLink.value = pageAddress() + "#" + shareFragment(plan, progress());
    shareOut.hidden = false;
    shareLink.focus();
    shareLink.select();
    say("Anyone with this link sees your ticks and start date, read-only. The progress " +
      "is in the part after #, which browsers do not send to any server.");
  });

  /* Copy the share link; where the clipboard is refused, the link stays selected. */
  copy.addEventListener("click", function () {
    function selected() {
      shareLink.focus();
      shareLink.select();
      say("This browser did not let the page copy: the link is selected, copy it " +
        "with Ctrl+C (\u2318C on a Mac).");
    }
    if (!navigator.clipboard || typeof navigator.clipboard.writeText !== "function") {
      selected();
      return;
    }
    navigator.clipboard.writeText(shareLink.value).then(function () {
      say("Link copied. Anyone who opens it sees your ticks and start date, read-only.");
    }, selected);
  });

  fold.addEventListener("click", function () {
    var on = fold.getAttribute("aria-pressed") !== "true";
    writeItem(store, FOLD_KEY, on ? "1" : null);
    api.refresh();
    if (!on) {
      say("Finished phases are unfolded: every step shows.");
    } else if (lastFold.phases) {
      say("Folded " + lastFold.phases + " finished " + (lastFold.phases === 1 ? "phase" :
        "phases") + ", hiding " + lastFold.steps + " done " + (lastFold.steps === 1 ? "step" :
        "steps") + ". Phases you finish from now on fold too.");
    } else {
      say("No phase is finished yet, so nothing is folded. A phase folds away once all " +
        "its steps are ticked.");
    }
  });

  sharedBox.querySelector(".it-shared__adopt").addEventListener("click", function () {
    var found = view.found;
    api.boxes.forEach(function (each) {
      var kind = each.hasAttribute("data-it-step") ? "step" : "sign";
      var list = kind === "step" ? found.steps : found.signs;
      each.checked = list.indexOf(each.getAttribute("data-it-" + kind)) >= 0;
    });
    var chosen = plan.responses.indexOf(found.answer) >= 0 ? found.answer : "";
    api.share(null);
    api.boxes.forEach(api.save);
    setStart(found.start ? isoDate(found.start) : "");
    rememberSituation(store, situationFor(plan, chosen), plan.checklist,
      pageAddress() + (chosen ? "#answer-" + chosen : ""));
    leaveShare(true);
    say("This progress is now yours, kept in this browser.");
  });

  sharedBox.querySelector(".it-shared__leave").addEventListener("click", function () {
    leaveShare(false);
  });

  /* This page as the reader's own checklist, with the answer chosen on it. */
  function makeMine() {
    var chosen = answer();
    rememberSituation(store, situationFor(plan, chosen), plan.checklist,
      pageAddress() + (chosen ? "#answer-" + chosen : ""));
    showMine();
  }

  function showMine() {
    var current = readSituation(store).situation;
    mine.hidden = !store || Boolean(current && current.checklist === plan.checklist);
  }

  mine.addEventListener("click", function () {
    makeMine();
    say("This is now your checklist: \"My checklist\" at the top of every page leads here.");
    // The button hides itself: focus goes to what it said, not to the page's start.
    note.setAttribute("tabindex", "-1");
    note.focus();
  });

  window.addEventListener("hashchange", function () {
    if (!document.contains(panel)) {
      return;
    }
    if (view || window.location.hash.indexOf("#" + SHARE_MARK) === 0) {
      enterShare();
    }
    var current = readSituation(store).situation;
    if (!view && current && current.checklist === plan.checklist) {
      makeMine();  /* a new answer chosen on the reader's own page */
    }
  });
  window.addEventListener("beforeprint", function () {
    printMeta.textContent = "Printed from " + pageAddress() + " on " + showDate(today()) + ".";
  });

  var kept = store ? store.getItem(startKey) : null;
  var saved = parseDate(kept);
  if (kept !== null && !saved) {
    writeItem(store, startKey, null);
    say("The start date kept in this browser (" + echo(kept) + ") is not a day, so it was " +
      "cleared. Set it again.");
  }
  input.value = saved ? isoDate(saved) : "";
  /* The calendar made at build time is for pages without this script: here the reader's
     own start date makes a better one. */
  all(document, ".it-calendar-static").forEach(function (node) {
    node.hidden = true;
  });
  printMeta.hidden = false;
  box.hidden = false;
  showMine();
  enterShare();
  return {update: update};
}
