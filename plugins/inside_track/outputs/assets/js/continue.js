/*
 * The home page greets a returning reader: "Continue where you left off", with their
 * checklist's title and how many of its steps they have ticked (read from the site's
 * checklists.json and this browser's ticks). Nothing shows to a first-time reader, and
 * where checklists.json cannot be read (a page opened from file://) the link shows alone.
 */

import {readSituation} from "./my-checklist.js";
import {PREFIX, openStore} from "./storage.js";

/* The items of ``checklist`` that the reader's answer shows. */
export function itemsFor(checklist, answer) {
  return (checklist.items || []).filter(function (item) {
    return !Array.isArray(item.responses) || !answer || item.responses.indexOf(answer) >= 0;
  });
}

/* "3 of 17 steps done" from the ticks kept under their ids. */
export function doneText(items, isTicked) {
  var done = items.filter(function (item) {
    return isTicked(item.id);
  }).length;
  return done + " of " + items.length + " " + (items.length === 1 ? "step" : "steps") +
    " done";
}

export function showContinue() {
  var box = document.querySelector("[data-it-continue]");
  var store = openStore();
  var mine = readSituation(store).situation;
  if (!box) {
    return;
  }
  if (!mine || typeof mine.url !== "string" || !/^(https?|file):/.test(mine.url)) {
    box.hidden = true;
    return;
  }

  function show(title, progress) {
    var link = document.createElement("a");
    link.href = mine.url;
    link.className = "md-button md-button--primary";
    link.textContent = "Continue where you left off";
    box.textContent = "";
    box.appendChild(link);
    if (title || progress) {
      var words = document.createElement("span");
      words.className = "it-continue__where";
      words.textContent = (title ? "Your checklist: " + title : "Your checklist") +
        (progress ? " (" + progress + ")." : ".");
      box.appendChild(words);
    }
    box.hidden = false;
  }

  show("", "");
  var source = box.getAttribute("data-it-checklists");
  if (!source || typeof window.fetch !== "function" || window.location.protocol === "file:") {
    return;
  }
  window.fetch(source).then(function (response) {
    return response.ok ? response.json() : null;
  }).then(function (data) {
    var found = data && (data.checklists || []).filter(function (each) {
      return each.id === mine.checklist;
    })[0];
    if (!found) {
      return;
    }
    show(found.title, doneText(itemsFor(found, mine.manager_response), function (id) {
      return store.getItem(PREFIX + "step:" + id) === "1";
    }));
  }).catch(function () {
    return null;  /* the link alone still leads back */
  });
}
