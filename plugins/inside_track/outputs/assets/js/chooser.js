/*
 * The chooser: three questions, each offering only the answers some checklist has after
 * the ones before, and the reader's answers remembered, pre-filled and forgotten on request.
 */

import {readSituation, rememberSituation, showMyChecklist} from "./my-checklist.js";
import {all} from "./page.js";
import {SITUATION_KEY, openStore, writeItem} from "./storage.js";

/* The chooser remembers, opens pre-filled, can forget. */
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
    var read = readSituation(store);
    var mine = read.situation;
    if (read.problem) {
      all(form, "input[type=radio]").forEach(function (input) {
        input.checked = false;
      });
      refresh();
      message.textContent = read.problem;
    }
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

export function setupChooser(form) {
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
