/*
 * Inside Track: progress on checklist pages and the checklist chooser.
 *
 * Everything here is an enhancement: without JavaScript a checklist is still a page of
 * real checkboxes, and the chooser a list of links to every checklist.
 *
 * Progress is kept in localStorage only (no cookie, no server), one key per ticked item,
 * every key under this site's prefix (storage.js: its edition and base path, so sites that
 * share an origin keep apart), written <site> below:
 *   <site>step:<step id>   a checklist step
 *   <site>sign:<sign id>   a readiness sign
 * with the value "1"; unticking removes the key. Keys use the playbooks' stable ids, never
 * positions, so ticks survive reloads and rebuilds that add or reorder items. They are
 * shared between checklists: a step that appears in several checklists is ticked in all
 * of them, so changing your answers in the chooser keeps what you have done.
 *
 * The reader's own plan keeps a few more keys, also in localStorage only:
 *   <site>situation        the chosen checklist ("My checklist"), as JSON
 *   <site>start:<slug>     a checklist's start date, YYYY-MM-DD
 *   <site>fold             "1" while finished phases are folded
 *   <site>persist-asked    "1" once persistent storage has been asked for
 * The calendar file (.ics) and the progress file are made here, in the browser; a share
 * link carries its progress in the URL fragment, which browsers never send to a server.
 *
 * The source is a set of ES modules in outputs/assets/js/, main.js starting them; the build
 * (outputs/browser.py) joins them into this one classic script, because browsers do not
 * load ES modules from file:// pages. Edit the modules, not the joined script.
 */

import {setupChecklist} from "./checklist.js";
import {setupChooser} from "./chooser.js";
import {showContinue} from "./continue.js";
import {showMyChecklist} from "./my-checklist.js";
import {all} from "./page.js";

function init() {
  all(document, ".it-progress").forEach(setupChecklist);
  all(document, "form.it-chooser").forEach(setupChooser);
  showMyChecklist();
  showContinue();
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(init);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", init);
} else {
  init();
}
