/*
 * Accessible names that Material's markup leaves out.
 *
 * - The search overlay has role="dialog" but no name: it gets the search field's label.
 * - A navigation section that has an index page labels its <nav> with a <label> that holds
 *   only an icon, so every such <nav> is an unnamed landmark: it gets the section's title.
 *
 * Each fix only fills a gap, so it does nothing once Material names these itself.
 *
 * Also: a "Search the guide" button (the 404 page) opens Material's search, through the
 * same control as the header's search icon. It stays hidden where there is no search.
 */
(function () {
  "use strict";

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function nameSearch() {
    var dialog = document.querySelector(".md-search[role=dialog]");
    if (!dialog || dialog.hasAttribute("aria-label") || dialog.hasAttribute("aria-labelledby")) {
      return;
    }
    var input = dialog.querySelector(".md-search__input");
    dialog.setAttribute("aria-label", (input && input.getAttribute("aria-label")) || "Search");
  }

  function nameSections() {
    Array.prototype.forEach.call(document.querySelectorAll("nav[aria-labelledby]"), function (nav) {
      var label = document.getElementById(nav.getAttribute("aria-labelledby"));
      var title = text(nav.querySelector(".md-nav__title"));
      if (label && !text(label) && title) {
        nav.removeAttribute("aria-labelledby");
        nav.setAttribute("aria-label", title);
      }
    });
  }

  function searchButtons() {
    var toggle = document.querySelector("label.md-header__button[for='__search']");
    Array.prototype.forEach.call(document.querySelectorAll("[data-it-open-search]"), function (button) {
      if (!toggle) {
        return;
      }
      button.hidden = false;
      button.onclick = function () {
        toggle.click();
      };
    });
  }

  function fix() {
    nameSearch();
    nameSections();
    searchButtons();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else {
    fix();
  }
})();
