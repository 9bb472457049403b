/*
 * "My checklist" in the header: the situation the reader chose, remembered in this
 * browser, and the link every page shows to its checklist.
 */

import {all, pageAddress} from "./page.js";
import {SITUATION_KEY, openStore, readJson, writeItem} from "./storage.js";

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
