/*
 * What the browser keeps: localStorage only (no cookie, no server), every key under one
 * prefix, and every read or write allowed to fail (private windows, full or refused
 * storage) without breaking the page.
 *
 * One origin can serve several sites (group.gitlab.io/guide-a and /guide-b, or a public
 * and an internal edition side by side), and localStorage is the origin's. So the prefix
 * names this site: its edition and the path it is served under (where its script lives),
 * and two sites on one origin never read or overwrite each other's progress. Keys from
 * before that (``inside-track:v1:...``, shared by every site on the origin) move under the
 * first site that loads, once; a value the site already has wins.
 */

export var LEGACY_PREFIX = "inside-track:v1:";
export var SCRIPT_PATH = "assets/inside-track/inside-track.js";

/* The path a site is served under, from its script's address (or, failing that, a page
   address and the page's relative way back to the site's root, as Material gives it). */
export function siteBase(scriptUrl, pageUrl, rootFromPage) {
  try {
    if (scriptUrl) {
      var path = new URL(scriptUrl).pathname;
      var at = path.lastIndexOf("/" + SCRIPT_PATH);
      if (at >= 0) {
        return path.slice(0, at + 1);
      }
    }
    if (pageUrl) {
      return new URL((rootFromPage || ".") + "/", pageUrl).pathname;
    }
  } catch (error) {
    /* not an address: fall through */
  }
  return "/";
}

/* Every key this site keeps starts with this: its edition and base path, encoded so that
   neither can end the prefix early. */
export function keyPrefix(base, edition) {
  return "inside-track:v2:" + encodeURIComponent(edition || "public") + ":" +
    encodeURIComponent(base || "/") + ":";
}

/* This page's site, as the page says it: the edition from the internal notice the internal
   edition puts on every page, the base path from where the script was loaded from. */
function currentPrefix() {
  if (typeof document === "undefined") {
    return keyPrefix("/", "public");
  }
  var script = document.currentScript && document.currentScript.src;
  var config = document.getElementById("__config");
  var root;
  try {
    root = config ? JSON.parse(config.textContent).base : null;
  } catch (error) {
    root = null;
  }
  var marked = document.querySelector("[data-inside-track-edition]");
  var edition = marked ? marked.getAttribute("data-inside-track-edition") : "public";
  return keyPrefix(siteBase(script, window.location.href, root), edition);
}

export var PREFIX = currentPrefix();
export var SITUATION_KEY = PREFIX + "situation";
export var FOLD_KEY = PREFIX + "fold";
export var PERSIST_KEY = PREFIX + "persist-asked";

/* Move the keys of before namespacing under ``prefix``; how many moved. A key the site
   already has keeps its value. */
export function migrateLegacy(store, prefix) {
  var legacy = [];
  for (var index = 0; index < store.length; index += 1) {
    var found = store.key(index);
    if (found !== null && found.indexOf(LEGACY_PREFIX) === 0) {
      legacy.push(found);
    }
  }
  legacy.forEach(function (key) {
    var target = prefix + key.slice(LEGACY_PREFIX.length);
    if (store.getItem(target) === null) {
      store.setItem(target, store.getItem(key));
    }
    store.removeItem(key);
  });
  return legacy.length;
}

var migrated = false;

/* The page's storage, or null where the browser refuses it. */
export function openStore() {
  try {
    var store = window.localStorage;
    var probe = PREFIX + "probe";
    store.setItem(probe, "1");
    store.removeItem(probe);
    if (!migrated) {
      migrated = true;
      migrateLegacy(store, PREFIX);
    }
    return store;
  } catch (error) {
    return null;
  }
}

/* A tick's key: the playbooks' stable id, never a position on the page. */
export function storageKey(box) {
  if (box.hasAttribute("data-it-step")) {
    return PREFIX + "step:" + box.getAttribute("data-it-step");
  }
  return PREFIX + "sign:" + box.getAttribute("data-it-sign");
}

export function readJson(store, key) {
  if (!store) {
    return null;
  }
  try {
    return JSON.parse(store.getItem(key) || "null");
  } catch (error) {
    return null;
  }
}

/* Keep ``value`` under ``key`` (null removes it); false when the browser refused. */
export function writeItem(store, key, value) {
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

/* Once the reader has progress, ask the browser to keep this site's storage (Safari
   removes what scripts stored after seven days without a visit unless it is persisted).
   Asked once; ``remind`` is called when the storage may still be cleared, so the page can
   suggest keeping a progress file. */
export function askToPersist(store, storage, remind) {
  if (!store || store.getItem(PERSIST_KEY) !== null) {
    return Promise.resolve(null);
  }
  writeItem(store, PERSIST_KEY, "1");
  if (!storage || typeof storage.persist !== "function") {
    remind();
    return Promise.resolve(false);
  }
  return storage.persist().then(function (granted) {
    if (!granted) {
      remind();
    }
    return granted;
  }, function () {
    remind();
    return false;
  });
}
