/*
 * A checklist page: ticks kept by the playbooks' ids, the count, where the reader is on
 * the timeline, readiness gates, Clear and Undo, and the manager response chosen on a page
 * that covers several.
 */

import {all, isChecked, isShown} from "./page.js";
import {setupPlan} from "./plan.js";
import {PREFIX, askToPersist, openStore, storageKey} from "./storage.js";

var KEEP_A_FILE = "This browser may clear what this page keeps after a while without a " +
  "visit (Safari does after seven days). Use \u201cExport progress\u201d now and then to " +
  "keep a copy you can import again.";

/* "40%": the share of ``done`` in ``total``, rounded, never 100% before the last one. */
export function percent(done, total) {
  if (!total) {
    return "0%";
  }
  var value = Math.round(done / total * 100);
  return (done < total ? Math.min(value, 99) : 100) + "%";
}

/* A phase's share in its line of the timeline's list, before its status. */
function showPercent(item, text) {
  var mark = item.querySelector(".it-timeline__percent");
  if (!mark) {
    mark = document.createElement("span");
    mark.className = "it-timeline__percent";
    item.insertBefore(mark, item.querySelector(".it-timeline__status"));
  }
  mark.textContent = text;
}

/* The checklist's share as a bar and a number beside the count. */
function showTotal(panel, done, total) {
  var line = panel.querySelector(".it-progress__percent");
  if (!line) {
    line = document.createElement("p");
    line.className = "it-progress__percent";
    var bar = document.createElement("progress");
    bar.setAttribute("aria-label", "Share of this checklist done");
    var number = document.createElement("span");
    number.setAttribute("aria-hidden", "true");  /* the bar says it to screen readers */
    line.appendChild(bar);
    line.appendChild(number);
    panel.insertBefore(line, panel.querySelector(".it-progress__done"));
  }
  line.querySelector("progress").max = total || 1;
  line.querySelector("progress").value = done;
  line.querySelector("span").textContent = percent(done, total);
}

/* A phase's share beside its entry in the table of contents. */
function tocPercent(root, phase, text) {
  var entry = root.querySelector(".it-timeline__list [data-it-phase=\"" + phase + "\"] a");
  var href = entry && entry.getAttribute("href");
  if (!href) {
    return;
  }
  all(root, ".md-nav--secondary a[href=\"" + href + "\"]").forEach(function (link) {
    var mark = link.querySelector(".it-toc-percent");
    if (!mark) {
      mark = document.createElement("span");
      mark.className = "it-toc-percent";
      link.appendChild(mark);
    }
    mark.textContent = text ? " (" + text + ")" : "";
  });
}

export function setupChecklist(panel) {
  if (panel.getAttribute("data-it-ready")) {
    return;
  }
  panel.setAttribute("data-it-ready", "1");
  var root = document;
  var store = openStore();
  var steps = all(root, "input[type=checkbox][data-it-step]");
  var boxes = all(root, "input[type=checkbox][data-it-step], input[type=checkbox][data-it-sign]");
  var count = panel.querySelector(".it-progress__count");
  // Clear and Undo come after the last step (tab order), in a block of their own.
  var end = document.querySelector(".it-progress__end") || panel;
  var note = end.querySelector(".it-progress__note");
  var clear = end.querySelector(".it-progress__clear");
  var undo = end.querySelector(".it-progress__undo");
  var answers = all(root, "a[data-it-answer]");
  var cleared = null;
  var shared = null; /* a share link's ticks, by storage key, while its read-only view shows */

  /* The reader's manager response, from the address (#answer-...): show its steps only. */
  function chooseAnswer() {
    if (!answers.length) {
      return;
    }
    var chosen = "";
    var wanted = shared && shared.answerHash !== null ? shared.answerHash : window.location.hash;
    answers.forEach(function (link) {
      var on = link.id !== "" && "#" + link.id === wanted;
      if (on) {
        chosen = link.getAttribute("data-it-answer");
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
    all(root, "[data-it-responses]").forEach(function (branch) {
      branch.hidden = chosen !== "" &&
        branch.getAttribute("data-it-responses").split(" ").indexOf(chosen) < 0;
    });
  }

  function load() {
    if (shared) {
      boxes.forEach(function (box) {
        box.checked = shared.keys.indexOf(storageKey(box)) >= 0;
      });
      return;
    }
    if (!store) {
      return;
    }
    boxes.forEach(function (box) {
      box.checked = store.getItem(storageKey(box)) === "1";
    });
  }

  function save(box) {
    if (!store) {
      return;
    }
    try {
      if (box.checked) {
        store.setItem(storageKey(box), "1");
        askToPersist(store, navigator.storage, function () {
          note.textContent = KEEP_A_FILE;
        });
      } else {
        store.removeItem(storageKey(box));
      }
    } catch (error) {
      note.textContent = "This browser could not save your tick.";
    }
  }

  function updatePhases(shown) {
    var order = all(root, ".it-timeline__list [data-it-phase]").map(function (item) {
      return item.getAttribute("data-it-phase");
    });
    var current = null;
    // The planner says where the reader starts: once the manager conversation is
    // behind them, the phases before it are not where they are, ticked or not.
    var figure = root.querySelector(".it-timeline[data-it-start]");
    var startAt = figure ? order.indexOf(figure.getAttribute("data-it-start")) : 0;
    order.forEach(function (phase, position) {
      var own = shown.filter(function (box) {
        return box.getAttribute("data-it-phase") === phase;
      });
      var done = own.length > 0 && own.every(isChecked);
      var here = !done && own.length > 0 && current === null && position >= startAt;
      var share = own.length ? percent(own.filter(isChecked).length, own.length) : "";
      if (here) {
        current = phase;
      }
      all(root, ".it-timeline [data-it-phase=\"" + phase + "\"]").forEach(function (node) {
        node.classList.toggle("is-done", done);
        node.classList.toggle("is-current", here);
        var status = node.querySelector(".it-timeline__status");
        if (status) {
          status.textContent = done ? " (done)" : (here ? " (you are here)" : "");
        }
      });
      all(root, ".it-timeline__list [data-it-phase=\"" + phase + "\"]").forEach(function (item) {
        showPercent(item, done || !share ? "" : " \u00b7 " + share + " done");
      });
      tocPercent(root, phase, share && share + " done");
    });
  }

  function updateReadiness() {
    all(root, ".it-readiness").forEach(function (gate) {
      var minimum = Number(gate.getAttribute("data-it-minimum"));
      var signs = all(gate, "input[type=checkbox][data-it-sign]");
      var held = signs.filter(isChecked).length;
      // "evidence:1 other:2": at least that many ticked signs from each named group
      var short = (gate.getAttribute("data-it-require") || "").split(" ").filter(Boolean)
        .filter(function (need) {
          var parts = need.split(":");
          return signs.filter(function (box) {
            return isChecked(box) && box.getAttribute("data-it-group") === parts[0];
          }).length < Number(parts[1]);
        });
      var ready = held >= minimum && short.length === 0;
      var status = gate.querySelector(".it-readiness__status");
      gate.classList.toggle("is-ready", ready);
      gate.classList.toggle("is-not-ready", !ready);
      if (status) {
        status.hidden = false;
        status.textContent = held + " of " + signs.length + " signs hold: " +
          (ready ? "you are ready." : (held >= minimum ?
            "not yet, you need at least " + short[0].split(":")[1] + " from " +
              (gate.getAttribute("data-it-require-label") || short[0].split(":")[0]) + "." :
            "not yet, you need at least " + minimum + "."));
      }
    });
  }

  function update() {
    var shown = steps.filter(isShown);
    var done = shown.filter(isChecked).length;
    count.textContent = done + " of " + shown.length + " done";
    showTotal(panel, done, shown.length);
    updatePhases(shown);
    updateReadiness();
    if (plan) {
      plan.update(shown);
    }
  }

  boxes.forEach(function (box) {
    box.addEventListener("change", function () {
      save(box);
      if (cleared) {
        cleared = null;
        undo.hidden = true;
        note.textContent = "";
      }
      update();
    });
  });

  clear.addEventListener("click", function () {
    var ticked = boxes.filter(isChecked);
    if (!ticked.length) {
      note.textContent = "Nothing to clear on this page.";
      return;
    }
    ticked.forEach(function (box) {
      box.checked = false;
      save(box);
    });
    cleared = ticked;
    undo.hidden = false;
    note.textContent = "Cleared " + ticked.length + (ticked.length === 1 ? " tick" : " ticks") +
      " on this page.";
    update();
    undo.focus();
  });

  undo.addEventListener("click", function () {
    (cleared || []).forEach(function (box) {
      box.checked = true;
      save(box);
    });
    cleared = null;
    undo.hidden = true;
    note.textContent = "Your ticks are back.";
    update();
    clear.focus();
  });

  window.addEventListener("storage", function (event) {
    if (document.contains(panel) && (event.key === null || event.key.indexOf(PREFIX) === 0)) {
      load();
      update();
    }
  });
  window.addEventListener("pageshow", function () {
    load();
    update();
  });
  window.addEventListener("hashchange", function () {
    if (document.contains(panel)) {
      chooseAnswer();
      update();
    }
  });

  if (!store) {
    note.textContent = "This browser is not letting the page keep your ticks, so they " +
      "will be gone when you leave.";
  }
  var plan = setupPlan(panel, {
    store: store,
    boxes: boxes,
    steps: steps,
    storageKey: storageKey,
    save: save,
    refresh: function () {
      load();
      chooseAnswer();
      update();
    },
    /* Show a share link's ticks read-only (or, with null, the reader's own again). */
    share: function (view) {
      shared = view;
      boxes.forEach(function (box) {
        box.disabled = view !== null;
      });
      end.querySelector(".it-progress__actions").hidden = view !== null;
    }
  });
  load();
  chooseAnswer();
  update();
  panel.hidden = false;
  end.hidden = false;
}
