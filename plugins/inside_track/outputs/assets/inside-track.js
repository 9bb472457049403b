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
 *
 * The reader's own plan keeps a few more keys, also in localStorage only:
 *   inside-track:v1:situation        the chosen checklist ("My checklist"), as JSON
 *   inside-track:v1:start:<slug>     a checklist's start date, YYYY-MM-DD
 *   inside-track:v1:fold             "1" while finished phases are folded
 * The calendar file (.ics) and the progress file are made here, in the browser; a share
 * link carries its progress in the URL fragment, which browsers never send to a server.
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

  /* --- the reader's own plan: shared storage helpers ------------------------------- */

  var SITUATION_KEY = PREFIX + "situation";
  var FOLD_KEY = PREFIX + "fold";
  var PROGRESS_FORMAT = "inside-track-progress";
  var PROGRESS_VERSION = 1;
  var SHARE_MARK = "it-share";

  function readJson(store, key) {
    if (!store) {
      return null;
    }
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function writeItem(store, key, value) {
    if (!store) {
      return false;
    }
    try {
      if (value === null) {
        store.removeItem(key);
      } else {
        store.setItem(key, value);
      }
      return true;
    } catch (error) {
      return false;
    }
  }

  /* The address of a page without its fragment: what the calendar and a share link name. */
  function pageAddress() {
    return window.location.href.split("#")[0];
  }

  /* Save a file made here; nothing leaves the browser. */
  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], {type: type}));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () {
      URL.revokeObjectURL(url);
    }, 1000);
  }

  /* --- the reader's own plan: My checklist in the header ---------------------------- */

  /* The header's link: from the site's theme (overrides/partials/my-checklist.html), or,
     on a site whose theme lacks it, added to Material's header here. */
  function myChecklistLinks(wanted) {
    var links = all(document, "a[data-it-my-checklist]");
    var search = document.querySelector(".md-header__inner > label[for=__search]");
    if (!links.length && wanted && search) {
      var link = document.createElement("a");
      link.className = "md-header__button it-my-checklist";
      link.setAttribute("data-it-my-checklist", "");
      link.textContent = "My checklist";
      search.parentNode.insertBefore(link, search);
      links = [link];
    }
    return links;
  }

  function showMyChecklist() {
    var mine = readJson(openStore(), SITUATION_KEY);
    myChecklistLinks(Boolean(mine)).forEach(function (link) {
      if (mine && typeof mine.url === "string" && /^(https?|file):/.test(mine.url)) {
        link.href = mine.url;
        link.hidden = false;
        if (mine.url.split("#")[0] === pageAddress()) {
          link.setAttribute("aria-current", "page");
        } else {
          link.removeAttribute("aria-current");
        }
      } else {
        link.removeAttribute("href");
        link.hidden = true;
      }
    });
  }

  function rememberSituation(store, situation, checklist, url) {
    var value = {
      company_type: situation.company_type,
      path: situation.path,
      manager_response: situation.manager_response,
      company: situation.company || null,
      checklist: checklist,
      url: url
    };
    var kept = writeItem(store, SITUATION_KEY, JSON.stringify(value));
    showMyChecklist();
    return kept;
  }

  /* --- the reader's own plan: the chooser remembers, opens pre-filled, can forget ---- */

  function setupChooserMemory(form, combos, refresh) {
    var store = openStore();
    var remembered = form.querySelector(".it-chooser__remembered");
    var forget = form.querySelector(".it-chooser__forget");
    var message = form.querySelector(".it-chooser__message");

    function pick(name, value) {
      var input = value && form.querySelector("input[name=\"" + name + "\"][value=\"" +
        value.replace(/[^\w-]/g, "") + "\"]");
      if (input && !input.disabled) {
        input.checked = true;
      }
      refresh();
    }

    function prefill() {
      var mine = readJson(store, SITUATION_KEY);
      if (!mine || mine.company) {
        remembered.hidden = !mine;
        return;
      }
      pick("company_type", mine.company_type);
      pick("path", mine.path);
      pick("manager_response", mine.manager_response);
      remembered.hidden = false;
    }

    function remember(slug, url) {
      var combo = combos.filter(function (each) {
        return each.slug === slug;
      })[0];
      if (combo) {
        rememberSituation(store, combo, slug, url);
      }
    }

    /* Following one of the plain links is a choice too. */
    all(document, "a[data-it-slug]").forEach(function (link) {
      link.addEventListener("click", function () {
        remember(link.getAttribute("data-it-slug"), link.href);
      });
    });

    forget.addEventListener("click", function () {
      writeItem(store, SITUATION_KEY, null);
      all(form, "input[type=radio]").forEach(function (input) {
        input.checked = false;
      });
      refresh();
      showMyChecklist();
      remembered.hidden = true;
      message.textContent = "Your answers are forgotten: this browser no longer keeps them.";
      var first = form.querySelector("input[type=radio]");
      if (first) {
        first.focus();
      }
    });

    if (store) {
      prefill();
    }
    return {remember: remember};
  }

  /* --- the reader's own plan: dates ------------------------------------------------- */
  /*
   * A plan month is a calendar month from the start date (the 31st falls back to the
   * month's last day); a fraction of a month is that fraction of 30 days, rounded. Dates
   * are whole days in UTC, so no time zone or daylight-saving change moves them.
   */

  function parseDate(text) {
    var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || "");
    if (!match) {
      return null;
    }
    var date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    return date.getUTCDate() === Number(match[3]) ? date : null;
  }

  function isoDate(date) {
    return date.toISOString().slice(0, 10);
  }

  function addDays(date, days) {
    return new Date(date.getTime() + days * 86400000);
  }

  function addMonths(date, months) {
    var whole = Math.floor(months);
    var year = date.getUTCFullYear();
    var month = date.getUTCMonth() + whole;
    var last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
    var moved = new Date(Date.UTC(year, month, Math.min(date.getUTCDate(), last)));
    return addDays(moved, Math.round((months - whole) * 30));
  }

  /* How many plan months lie between two dates: the inverse of addMonths, near enough to
     place a mark on the timeline. */
  function monthsBetween(start, day) {
    var whole = (day.getUTCFullYear() - start.getUTCFullYear()) * 12 +
      day.getUTCMonth() - start.getUTCMonth();
    if (addMonths(start, whole) > day) {
      whole -= 1;
    }
    return whole + (day - addMonths(start, whole)) / 86400000 / 30;
  }

  function today() {
    var now = new Date();
    return new Date(Date.UTC(now.getFullYear(), now.getMonth(), now.getDate()));
  }

  var dateFormat = null;
  function showDate(date) {
    if (!dateFormat) {
      dateFormat = new Intl.DateTimeFormat(undefined, {
        year: "numeric", month: "short", day: "numeric", timeZone: "UTC"
      });
    }
    return dateFormat.format(date);
  }

  function timeElement(date) {
    var node = document.createElement("time");
    node.dateTime = isoDate(date);
    node.textContent = showDate(date);
    return node;
  }

  /* A phase's days: from its start to the day before its end (at least one day). On a page
     covering several manager responses, the months of the reader's answer. */
  function phaseDays(start, phase, answer) {
    var span = (answer && phase.by_response && phase.by_response[answer]) || phase;
    var first = addMonths(start, span.start_month);
    var after = addMonths(start, span.end_month);
    return {first: first, after: after > first ? after : addDays(first, 1)};
  }

  function applies(responses, answer) {
    return !answer || !responses || responses.indexOf(answer) >= 0;
  }

  /* The plan's length in months for the reader's answer (or the whole page's). */
  function planMonths(plan, answer) {
    return ((answer && plan.total_by_response && plan.total_by_response[answer]) ||
      plan.total_months).max;
  }

  /* Where a phase stands on a date, against the reader's ticks. */
  function schedule(days, own, day) {
    var done = own.length > 0 && own.every(isChecked);
    var started = own.some(isChecked);
    if (done) {
      return day < days.after ? "ahead" : "done";
    }
    if (day >= days.after) {
      return own.length ? "overdue" : "ended";
    }
    if (day >= days.first) {
      return "current";
    }
    return started ? "ahead" : "upcoming";
  }

  var SCHEDULE_WORDS = {
    ahead: "ahead of plan",
    done: "done",
    overdue: "overdue",
    ended: "ended",
    current: "now",
    upcoming: "not started yet"
  };

  /* --- the reader's own plan: the calendar file (RFC 5545) -------------------------- */

  function icsText(value) {
    return String(value).replace(/\\/g, "\\\\").replace(/;/g, "\\;").replace(/,/g, "\\,")
      .replace(/\r\n|\r|\n/g, "\\n");
  }

  /* Fold a content line at 75 octets of UTF-8, never inside a character. */
  function icsFold(line) {
    var encoder = new TextEncoder();
    var parts = [];
    var current = "";
    var size = 0;
    var limit = 75;
    Array.from(line).forEach(function (char) {
      var octets = encoder.encode(char).length;
      if (size + octets > limit) {
        parts.push(current);
        current = " ";
        size = 1;
      }
      current += char;
      size += octets;
    });
    parts.push(current);
    return parts.join("\r\n");
  }

  function icsDate(date) {
    return isoDate(date).replace(/-/g, "");
  }

  function icsStamp(now) {
    return now.toISOString().replace(/[-:]/g, "").replace(/\.\d+/, "");
  }

  function calendarFile(plan, start, answer, now) {
    var scope = plan.checklist.replace(/\//g, ".") + (answer ? "." + answer : "");
    var address = pageAddress() + (answer ? "#answer-" + answer : "");
    var title = document.querySelector("h1");
    var name = title ? title.textContent.replace(/\s+/g, " ").trim() : plan.checklist;
    var lines = [
      "BEGIN:VCALENDAR",
      "VERSION:2.0",
      "PRODID:-//Inside Track//Checklist plan//EN",
      "CALSCALE:GREGORIAN",
      "METHOD:PUBLISH",
      "X-WR-CALNAME:" + icsText("Inside Track: " + name)
    ];
    function event(uid, first, after, summary, description) {
      lines.push(
        "BEGIN:VEVENT",
        "UID:" + uid + "@inside-track",
        "DTSTAMP:" + icsStamp(now),
        "DTSTART;VALUE=DATE:" + icsDate(first),
        "DTEND;VALUE=DATE:" + icsDate(after),
        "SUMMARY:" + icsText(summary),
        "DESCRIPTION:" + icsText(description + "\n\nYour checklist: " + address),
        "URL:" + address,
        "TRANSP:TRANSPARENT",
        "END:VEVENT");
    }
    plan.phases.forEach(function (phase, index) {
      var days = phaseDays(start, phase, answer);
      var steps = phase.steps.filter(function (step) {
        return applies(step.responses, answer);
      }).map(function (step) {
        return "- " + stepText(step);
      });
      event("phase." + phase.id + "." + scope, days.first, days.after,
        (index + 1) + ". " + phase.title,
        steps.length ? "Steps in this phase:\n" + steps.join("\n") : "No steps of its own.");
    });
    plan.milestones.filter(function (milestone) {
      return applies(milestone.responses, answer);
    }).forEach(function (milestone) {
      var day = addMonths(start, milestone.month);
      var phase = plan.phases.filter(function (each) {
        return each.id === milestone.phase;
      })[0];
      /* With no answer chosen, a milestone dated for some answers only says which. */
      var only = !answer && milestone.responses ? milestone.responses : null;
      var titles = plan.response_titles || {};
      event("milestone." + milestone.id + "." + milestone.phase +
        (only ? ".for-" + only.join("-") : "") + "." + scope, day, addDays(day, 1),
        milestone.title + (only ? " (if the answer was: " + only.map(function (id) {
          return titles[id] || id;
        }).join(" or ") + ")" : ""),
        phase ? "Part of the phase " + phase.title + "." : milestone.title + ".");
    });
    lines.push("END:VCALENDAR");
    return lines.map(icsFold).join("\r\n") + "\r\n";
  }

  /* A step's words as the page shows them (its Markdown rendered), else as written. */
  function stepText(step) {
    var label = document.querySelector("label[for=\"it-step-" + step.id + "\"]");
    return label ? label.textContent.replace(/\s+/g, " ").trim() : step.text;
  }

  /* --- the reader's own plan: the progress file and the share link ------------------ */

  function idsOf(boxes, kind) {
    return boxes.filter(function (box) {
      return box.checked && box.hasAttribute("data-it-" + kind);
    }).map(function (box) {
      return box.getAttribute("data-it-" + kind);
    });
  }

  function situationFor(plan, answer) {
    var s = plan.situation;
    return {
      company_type: s.company_type,
      path: s.path,
      manager_response: s.manager_response || answer || null,
      company: s.company
    };
  }

  function shareFragment(plan, progress) {
    var params = new URLSearchParams();
    params.set("v", String(PROGRESS_VERSION));
    params.set("checklist", plan.checklist);
    ["company_type", "path", "manager_response", "company"].forEach(function (name) {
      if (progress.situation[name]) {
        params.set(name, progress.situation[name]);
      }
    });
    if (progress.start_date) {
      params.set("start", progress.start_date);
    }
    params.set("steps", progress.steps.join(","));
    params.set("signs", progress.signs.join(","));
    return SHARE_MARK + "&" + params.toString();
  }

  function readShare(hash, plan) {
    if (hash.indexOf("#" + SHARE_MARK + "&") !== 0) {
      return null;
    }
    var params = new URLSearchParams(hash.slice(SHARE_MARK.length + 2));
    if (params.get("v") !== String(PROGRESS_VERSION) || params.get("checklist") !== plan.checklist) {
      return {wrong: true};
    }
    function list(name) {
      return (params.get(name) || "").split(",").filter(function (id) {
        return /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id);
      });
    }
    var start = parseDate(params.get("start"));
    return {
      answer: params.get("manager_response") || "",
      start: start,
      steps: list("steps"),
      signs: list("signs")
    };
  }

  /* --- the reader's own plan: the checklist page ------------------------------------ */

  function setupPlan(panel, api) {
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

    function foldPhases(shown) {
      var on = !view && store && store.getItem(FOLD_KEY) === "1";
      fold.setAttribute("aria-pressed", on ? "true" : "false");
      plan.phases.forEach(function (phase) {
        var own = phaseBoxes(phase, shown);
        var finished = own.length > 0 && own.every(isChecked);
        own.concat(api.steps.filter(function (each) {
          return each.getAttribute("data-it-phase") === phase.id;
        })).forEach(function (each) {
          var item = each.closest(".it-item");
          if (item) {
            item.classList.toggle("it-folded", Boolean(on && finished));
          }
        });
      });
    }

    function update(shown) {
      var ticked = shown.filter(isChecked).length;
      done.textContent = shown.length && ticked === shown.length ?
        "Every step of this checklist is done: you have finished the plan." : "";
      done.hidden = done.textContent === "";
      showDates(startDate(), shown);
      foldPhases(shown);
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
      if (!data || data.format !== PROGRESS_FORMAT) {
        return say("That file is not an Inside Track progress file.");
      }
      if (data.version !== PROGRESS_VERSION) {
        return say("That progress file has version " + data.version + "; this page reads " +
          "version " + PROGRESS_VERSION + ".");
      }
      var missing = [];
      var added = 0;
      [["step", data.steps], ["sign", data.signs]].forEach(function (pair) {
        (Array.isArray(pair[1]) ? pair[1] : []).forEach(function (id) {
          var target = api.boxes.filter(function (each) {
            return each.getAttribute("data-it-" + pair[0]) === String(id);
          })[0];
          if (!target) {
            missing.push(String(id));
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
      api.refresh();
      say("Imported: " + added + (added === 1 ? " tick" : " ticks") + " added" +
        (data.checklist !== plan.checklist ? " (the file is from another checklist)" : "") +
        "." + (missing.length ? " Not on this checklist any more: " + namesOf(missing) + "." :
          ""));
    }

    /* A few ids by name, the rest as a number: a stray file can hold thousands. */
    function namesOf(ids) {
      var named = ids.slice(0, 10).join(", ");
      return ids.length > 10 ? named + " and " + (ids.length - 10) + " more" : named;
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

    input.addEventListener("change", function () {
      var date = parseDate(input.value);
      if (input.value && !date) {
        return;
      }
      setStart(date ? isoDate(date) : "");
      api.refresh();
    });

    box.querySelector(".it-plan__clear-date").addEventListener("click", function () {
      setStart("");
      api.refresh();
      say("Start date cleared.");
    });

    box.querySelector(".it-plan__ics").addEventListener("click", function () {
      var start = startDate();
      if (!start) {
        say("Set your start date first: the calendar needs it to date each phase.");
        input.focus();
        return;
      }
      download(fileName(".ics"), "text/calendar;charset=utf-8",
        calendarFile(plan, start, answer(), new Date()));
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
      chosen.text().then(function (text) {
        var data = null;
        try {
          data = JSON.parse(text);
        } catch (error) {
          data = null;
        }
        merge(data);
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

    fold.addEventListener("click", function () {
      var on = fold.getAttribute("aria-pressed") !== "true";
      writeItem(store, FOLD_KEY, on ? "1" : null);
      api.refresh();
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
      var current = readJson(store, SITUATION_KEY);
      mine.hidden = !store || Boolean(current && current.checklist === plan.checklist);
    }

    mine.addEventListener("click", function () {
      makeMine();
      say("This is now your checklist: \"My checklist\" at the top of every page leads here.");
    });

    window.addEventListener("hashchange", function () {
      if (!document.contains(panel)) {
        return;
      }
      if (view || window.location.hash.indexOf("#" + SHARE_MARK) === 0) {
        enterShare();
      }
      var current = readJson(store, SITUATION_KEY);
      if (!view && current && current.checklist === plan.checklist) {
        makeMine();  /* a new answer chosen on the reader's own page */
      }
    });
    window.addEventListener("beforeprint", function () {
      printMeta.textContent = "Printed from " + pageAddress() + " on " + showDate(today()) + ".";
    });

    var saved = store ? parseDate(store.getItem(startKey)) : null;
    input.value = saved ? isoDate(saved) : "";
    printMeta.hidden = false;
    box.hidden = false;
    showMine();
    enterShare();
    return {update: update};
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

    var memory = setupChooserMemory(form, combos, refresh);

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
        memory.remember(result.slug, link.href);
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
    showMyChecklist();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
