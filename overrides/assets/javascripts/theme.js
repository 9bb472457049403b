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
 *
 * Search closes when the keyboard focus leaves it: its overlay would otherwise stay over
 * the page and hide whatever Tab reaches next.
 *
 * And focus is never hidden under what sticks to the top of the window (WCAG 2.2, 2.4.11):
 * the page's scroll-padding-top (theme.css) is the height of every sticky element there,
 * Material's header and, on a checklist, the progress line, measured again whenever one
 * of them changes size. A link to a heading and a Tab to a control both scroll the
 * target below them.
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

  function closeSearchOnLeave() {
    var search = document.querySelector(".md-search");
    var toggle = document.getElementById("__search");
    if (!search || !toggle || search.hasAttribute("data-it-closes")) {
      return;
    }
    search.setAttribute("data-it-closes", "");
    search.addEventListener("focusout", function (event) {
      var next = event.relatedTarget;
      if (toggle.checked && next && !search.contains(next)) {
        toggle.checked = false;
        toggle.dispatchEvent(new Event("change"));
      }
    });
  }

  /* What sticks to the top of the window, top to bottom. */
  var STICKY = [".md-header", ".it-progress"];
  var watching = null;

  function stickyHeight() {
    var bottom = 0;
    STICKY.forEach(function (selector) {
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
        var style = window.getComputedStyle(element);
        if (element.offsetParent === null && style.position !== "fixed") {
          return; // not shown
        }
        if (style.position !== "sticky" && style.position !== "fixed") {
          return;
        }
        var top = parseFloat(style.top) || 0;
        bottom = Math.max(bottom, top + element.getBoundingClientRect().height);
      });
    });
    return bottom;
  }

  function measureSticky() {
    document.documentElement.style.setProperty("--it-sticky-height", stickyHeight() + "px");
  }

  function keepFocusInView() {
    measureSticky();
    if (watching) {
      watching.disconnect();
    }
    if (typeof window.ResizeObserver !== "function") {
      return;
    }
    watching = new window.ResizeObserver(measureSticky);
    STICKY.forEach(function (selector) {
      Array.prototype.forEach.call(document.querySelectorAll(selector), function (element) {
        watching.observe(element);
      });
    });
  }

  function fix() {
    nameSearch();
    nameSections();
    searchButtons();
    closeSearchOnLeave();
    keepFocusInView();
  }

  window.addEventListener("resize", measureSticky);

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(fix);
  } else {
    fix();
  }
})();
