/*
 * "My checklist" in the header: the situation the reader chose, remembered in this
 * browser, and the link every page shows to its checklist.
 */

import {all, pageAddress} from "./page.js";
import {SITUATION_FIELDS, echo, isPlainObject, isSlug, situationProblem} from "./progress-file.js";
import {SITUATION_KEY, openStore, writeItem} from "./storage.js";

var SAVED_FIELDS = SITUATION_FIELDS.concat(["checklist", "url"]);
var MAX_URL_LENGTH = 2000;

/* Why a saved situation (as rememberSituation keeps it) cannot be used, or null. */
export function savedSituationProblem(value) {
  var problem = situationProblem(value, SAVED_FIELDS);
  if (problem) {
    return problem;
  }
  if (!isSlug(value.checklist)) {
    return "the checklist is " + echo(value.checklist) + ", not a checklist's name.";
  }
  if (typeof value.url !== "string" || value.url.length > MAX_URL_LENGTH ||
      !/^(https?|file):\/\//.test(value.url)) {
    return "the address is " + echo(value.url) + ", not a page's address.";
  }
  return null;
}

/* The situation this browser keeps, checked before use: {situation} when there is a good
   one, {problem} (and the key removed) when what is kept is not one, else {}. */
export function readSituation(store) {
  if (!store) {
    return {};
  }
  var text;
  try {
    text = store.getItem(SITUATION_KEY);
  } catch (error) {
    return {};
  }
  if (text === null) {
    return {};
  }
  var value;
  try {
    value = JSON.parse(text);
  } catch (error) {
    value = undefined;
  }
  var problem = value === undefined ? "it is not JSON." :
    (isPlainObject(value) ? savedSituationProblem(value) : "it is " + echo(value) + ".");
  if (problem) {
    writeItem(store, SITUATION_KEY, null);
    return {problem: "Your saved answers could not be read, so they were forgotten: " + problem};
  }
  return {situation: value};
}

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

export function showMyChecklist() {
  var mine = readSituation(openStore()).situation;
  myChecklistLinks(Boolean(mine)).forEach(function (link) {
    if (mine) {
      link.href = mine.url;
      link.hidden = false;
      if (mine.url.split("#")[0] === pageAddress()) {
        link.setAttribute("aria-current", "page");
      } else {
        link.removeAttribute("aria-current");
      }
    } else {
      link.hidden = true;  /* its address stays the chooser's, from the theme */
    }
  });
}

export function rememberSituation(store, situation, checklist, url) {
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
