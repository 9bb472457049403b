/*
 * Inside Track: progress on checklist pages and the checklist chooser.
 *
 * Everything here is an enhancement: without JavaScript a checklist is still a page of
 * real checkboxes, and the chooser a list of links to every checklist.
 *
 * Progress is kept in localStorage only (no cookie, no server), one key per ticked item:
 *   inside-track:v1:step:<step id>   a checklist step
 *   inside-track:v1:sign:<sign id>   a readiness sign
 * with the value "1"; unticking removes the key. Keys use the playbooks' stable ids, never
 * positions, so ticks survive reloads and rebuilds that add or reorder items. They are
 * shared between checklists: a step that appears in several checklists is ticked in all
 * of them, so changing your answers in the chooser keeps what you have done.
 */
(function () {
  "use strict";

  var PREFIX = "inside-track:v1:";

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function isChecked(box) {
    return box.checked;
  }

  /* On a page that covers several manager responses, a step may belong to some only. */
  function isShown(node) {
    var branch = node.closest("[data-it-responses]");
    return !branch || !branch.hidden;
  }

  function openStore() {
    try {
      var store = window.localStorage;
      var probe = PREFIX + "probe";
      store.setItem(probe, "1");
      store.removeItem(probe);
      return store;
    } catch (error) {
      return null;
    }
  }

  function storageKey(box) {
    if (box.hasAttribute("data-it-step")) {
      return PREFIX + "step:" + box.getAttribute("data-it-step");
    }
    return PREFIX + "sign:" + box.getAttribute("data-it-sign");
  }

  /* --- checklist pages ------------------------------------------------------------- */

  function setupChecklist(panel) {
    if (panel.getAttribute("data-it-ready")) {
      return;
    }
    panel.setAttribute("data-it-ready", "1");
    var root = document;
    var store = openStore();
    var steps = all(root, "input[type=checkbox][data-it-step]");
    var boxes = all(root, "input[type=checkbox][data-it-step], input[type=checkbox][data-it-sign]");
    var count = panel.querySelector(".it-progress__count");
    var note = panel.querySelector(".it-progress__note");
    var clear = panel.querySelector(".it-progress__clear");
    var undo = panel.querySelector(".it-progress__undo");
    var answers = all(root, "a[data-it-answer]");
    var cleared = null;

    /* The reader's manager response, from the address (#answer-...): show its steps only. */
    function chooseAnswer() {
      if (!answers.length) {
        return;
      }
      var chosen = "";
      answers.forEach(function (link) {
        var on = link.id !== "" && "#" + link.id === window.location.hash;
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
      updatePhases(shown);
      updateReadiness();
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
    load();
    chooseAnswer();
    update();
    panel.hidden = false;
  }

  /* --- the chooser ------------------------------------------------------------------ */

  function setupChooser(form) {
    var source = document.getElementById("it-chooser-data");
    if (form.getAttribute("data-it-ready") || !source) {
      return;
    }
    form.setAttribute("data-it-ready", "1");
    var combos = JSON.parse(source.textContent).checklists;
    var questions = {};
    all(form, "[data-it-question]").forEach(function (fieldset) {
      questions[fieldset.getAttribute("data-it-question")] = fieldset;
    });
    var explain = form.querySelector(".it-chooser__explain");
    var noThird = form.querySelector(".it-chooser__no-third");
    var message = form.querySelector(".it-chooser__message");

    function chosen(name) {
      var input = form.querySelector("input[name=\"" + name + "\"]:checked");
      return input && !input.disabled ? input.value : null;
    }

    function matching(type, path) {
      return combos.filter(function (combo) {
        return combo.company_type === type && (path === null || combo.path === path);
      });
    }

    function unique(values) {
      return values.filter(function (value, index) {
        return value !== null && values.indexOf(value) === index;
      });
    }

    function offer(fieldset, allowed) {
      all(fieldset, "[data-it-option]").forEach(function (option) {
        var open = allowed.indexOf(option.getAttribute("data-it-option")) >= 0;
        var input = option.querySelector("input");
        option.hidden = !open;
        input.disabled = !open;
        if (!open) {
          input.checked = false;
        }
      });
      fieldset.hidden = false;
    }

    function close(fieldset) {
      fieldset.hidden = true;
      all(fieldset, "input").forEach(function (input) {
        input.checked = false;
      });
    }

    function titleOf(name, value) {
      var input = form.querySelector("input[name=\"" + name + "\"][value=\"" + value + "\"]");
      var label = input && input.closest("label");
      return label ? label.textContent.trim() : value;
    }

    function refresh() {
      var type = chosen("company_type");
      explain.innerHTML = "";
      noThird.textContent = "";
      if (!type) {
        close(questions.path);
        close(questions.manager_response);
        return;
      }
      var paths = unique(matching(type, null).map(function (combo) { return combo.path; }));
      offer(questions.path, paths);
      var reason = document.querySelector(".it-rule-out[data-it-type=\"" + type + "\"]");
      if (reason) {
        explain.innerHTML = reason.innerHTML;
      }
      if (paths.length === 1) {
        form.querySelector("input[name=\"path\"][value=\"" + paths[0] + "\"]").checked = true;
      }
      var path = chosen("path");
      if (!path) {
        close(questions.manager_response);
        return;
      }
      var responses = unique(matching(type, path).map(function (combo) {
        return combo.manager_response;
      }));
      if (responses.length) {
        offer(questions.manager_response, responses);
      } else {
        close(questions.manager_response);
        noThird.textContent = titleOf("path", path) + " does not depend on your manager's " +
          "answer, so there is no third question.";
      }
    }

    function target() {
      var type = chosen("company_type");
      var path = chosen("path");
      var response = chosen("manager_response");
      if (!type) {
        return {missing: questions.company_type, number: 1};
      }
      if (!path) {
        return {missing: questions.path, number: 2};
      }
      var found = matching(type, path).filter(function (combo) {
        return combo.manager_response === response;
      })[0];
      if (!found) {
        return {missing: questions.manager_response, number: 3};
      }
      return {slug: found.slug};
    }

    form.addEventListener("change", function () {
      message.textContent = "";
      refresh();
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var result = target();
      if (result.missing) {
        message.textContent = "Please answer question " + result.number + " first.";
        var first = result.missing.querySelector("input:not([disabled])");
        if (first) {
          first.focus();
        }
        return;
      }
      var link = document.querySelector("a[data-it-slug=\"" + result.slug + "\"]");
      if (link) {
        window.location.href = link.href;
      }
    });

    window.addEventListener("pageshow", refresh);
    refresh();
    form.hidden = false;
  }

  function init() {
    all(document, ".it-progress").forEach(setupChecklist);
    all(document, "form.it-chooser").forEach(setupChooser);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
