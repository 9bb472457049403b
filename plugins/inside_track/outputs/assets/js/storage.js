/*
 * What the browser keeps: localStorage only (no cookie, no server), every key under one
 * prefix, and every read or write allowed to fail (private windows, full or refused
 * storage) without breaking the page.
 */

export var PREFIX = "inside-track:v1:";
export var SITUATION_KEY = PREFIX + "situation";
export var FOLD_KEY = PREFIX + "fold";

/* The page's storage, or null where the browser refuses it. */
export function openStore() {
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
