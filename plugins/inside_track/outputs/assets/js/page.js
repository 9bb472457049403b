/* Small helpers over the page itself, shared by the checklist, the plan and the chooser. */

export function all(root, selector) {
  return Array.prototype.slice.call(root.querySelectorAll(selector));
}

export function isChecked(box) {
  return box.checked;
}

/* On a page that covers several manager responses, a step may belong to some only. */
export function isShown(node) {
  var branch = node.closest("[data-it-responses]");
  return !branch || !branch.hidden;
}

/* The address of a page without its fragment: what the calendar and a share link name. */
export function pageAddress() {
  return window.location.href.split("#")[0];
}

/* Save a file made here; nothing leaves the browser. */
export function download(name, type, text) {
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
