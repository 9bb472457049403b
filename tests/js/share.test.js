// The share link: progress in the URL fragment, read back only for its own checklist.
import assert from "node:assert/strict";
import {test} from "node:test";

import {PROGRESS_VERSION} from "../../plugins/inside_track/outputs/assets/js/progress-file.js";
import {readShare, shareFragment, SHARE_MARK} from "../../plugins/inside_track/outputs/assets/js/share.js";

const PLAN = {checklist: "small-relationship/role-evolution"};
const PROGRESS = {
  situation: {company_type: "small-relationship", path: "role-evolution",
    manager_response: "supportive", company: null},
  start_date: "2024-05-06",
  steps: ["first-step", "second-step"],
  signs: ["a-sign"]
};

test("a fragment reads back as the progress it was made from", () => {
  const found = readShare("#" + shareFragment(PLAN, PROGRESS), PLAN);
  assert.equal(found.answer, "supportive");
  assert.equal(found.start.toISOString().slice(0, 10), "2024-05-06");
  assert.deepEqual(found.steps, PROGRESS.steps);
  assert.deepEqual(found.signs, PROGRESS.signs);
});

test("a fragment names its version and checklist, and leaves out empty answers", () => {
  const params = new URLSearchParams(shareFragment(PLAN, PROGRESS).slice(SHARE_MARK.length + 1));
  assert.equal(params.get("v"), String(PROGRESS_VERSION));
  assert.equal(params.get("checklist"), PLAN.checklist);
  assert.equal(params.has("company"), false);
});

test("another checklist or version is refused; another fragment is no share link", () => {
  const fragment = "#" + shareFragment(PLAN, PROGRESS);
  assert.deepEqual(readShare(fragment, {checklist: "other"}), {wrong: true});
  assert.deepEqual(readShare(fragment.replace("v=" + PROGRESS_VERSION, "v=99"), PLAN), {wrong: true});
  assert.equal(readShare("#answer-supportive", PLAN), null);
  assert.equal(readShare("", PLAN), null);
});

test("a fragment that breaks the progress file's rules is refused whole", () => {
  const base = "#" + SHARE_MARK + "&v=" + PROGRESS_VERSION + "&checklist=" +
    encodeURIComponent(PLAN.checklist);
  for (const extra of ["&steps=" + encodeURIComponent("ok-1,<script>,also-ok"),
    "&steps=Upper", "&signs=-lead", "&steps=ok,,ok", "&steps=" + "a".repeat(81),
    "&steps=" + Array(2001).fill("a").join(","), "&start=2024-02-30", "&start=0000-01-01",
    "&start=", "&manager_response=" + encodeURIComponent("<b>")]) {
    assert.deepEqual(readShare(base + extra, PLAN), {damaged: true}, extra);
  }
  assert.deepEqual(readShare(base + "&steps=" + "x".repeat(400000), PLAN), {damaged: true});
  assert.deepEqual(readShare(base + "&start=0002-02-29", PLAN), {damaged: true});  // no leap day
  assert.deepEqual(readShare(base + "&steps=ok-1,also-ok", PLAN).steps, ["ok-1", "also-ok"]);
  assert.equal(readShare(base + "&start=0004-02-29", PLAN).start.getUTCFullYear(), 4);
});
