/*
 * Search as readers ask: a thin layer around Material's search worker.
 *
 * Material's worker (its file name is given as ?material=... by overrides/main.html) turns
 * every word of a query into a prefix, so a short word a reader types in full ("no", "not",
 * "how") also finds every word that starts with it ("note", "nobody", "however"). And its
 * stop-word list drops "no" and "not", which carry the meaning of "my manager said no" and
 * "no ML team". This layer, loaded first, changes three things and leaves the rest to
 * Material:
 *
 * 1. The index keeps the negations (NEGATIONS) that lunr's English stop-word list drops.
 * 2. A query word that is a stop word, or a kept negation, matches as a whole word only
 *    (written "word^1", which Material passes on without a trailing wildcard). Stop words
 *    are not in the index, so they then match nothing; every other word stays a prefix, so
 *    results still come as a reader types.
 * 3. A page whose title is the query, word for word, comes first: a reader who types a
 *    page's title is looking for that page, not for one whose title has the same words.
 * 4. Results for pages marked as one of many alike (front matter `search: {boost: ...}`
 *    below GROUP_BELOW, the checklists and the pages for forks) come after every other
 *    page's results, so dozens of near-identical checklists never push the guide's pages
 *    out of view.
 *
 * The same file runs as a Web Worker, and in the offline edition inside the iframe that
 * npm's iframe-worker shim uses instead (where importScripts loads scripts asynchronously
 * and the worker's own address is its <script> element's).
 */
(function (self) {
  "use strict";

  var SETUP = 0;
  var QUERY = 2;
  var RESULT = 3;
  var NEGATIONS = ["no", "not", "nor", "cannot"];
  var GROUP_BELOW = 0.5;

  function ownAddress() {
    var script = self.document && self.document.querySelector("script[src*='inside-track-search']");
    return script ? script.src : self.location.href;
  }

  function keepNegations(lunr) {
    if (!lunr || lunr.insideTrackStopWords) {
      return;
    }
    var drop = lunr.stopWordFilter;
    var kept = {};
    NEGATIONS.forEach(function (word) { kept[word] = true; });
    var filter = function (token) {
      return kept[token.toString()] ? token : drop(token);
    };
    lunr.Pipeline.registerFunction(filter, "insideTrackStopWordFilter");
    lunr.stopWordFilter = filter;
    lunr.insideTrackStopWords = { drop: drop, kept: kept };
  }

  /* Whether lunr's English list names this word: kept negations included. */
  function isStopWord(lunr, word) {
    var words = lunr && lunr.insideTrackStopWords;
    if (!words) {
      return false;
    }
    return Boolean(words.kept[word]) || !words.drop(new lunr.Token(word, {}));
  }

  /* Whether the index dropped this word: a stop word that is not a kept negation. */
  function isDropped(lunr, word) {
    var words = lunr && lunr.insideTrackStopWords;
    return Boolean(words) && !words.kept[word] && !words.drop(new lunr.Token(word, {}));
  }

  /* The query with stop words and negations marked as whole words. In a quoted phrase,
     whose every word Material requires, the words the index dropped are left out (else
     no page could match); words with lunr's own syntax (+, -, ~, ^, *, field:) are left
     as the reader wrote them. */
  function rewrite(query) {
    var lunr = self.lunr;
    if (typeof query !== "string" || !lunr) {
      return query;
    }
    return query.split(/("[^"]*")/).map(function (part, index) {
      if (index % 2) {
        var kept = part.slice(1, -1).split(/\s+/).filter(function (word) {
          return word && !isDropped(lunr, word.toLowerCase());
        });
        return kept.length ? "\"" + kept.join(" ") + "\"" : "";
      }
      return part.split(/(\s+)/).map(function (word) {
        var bare = word.toLowerCase();
        if (!/^[a-z']+$/.test(bare)) {
          return word;
        }
        return isStopWord(lunr, bare.replace(/'.*$/, "")) ? word + "^1" : word;
      }).join("");
    }).join("");
  }

  /* A title or query as its words: lower case, markup and punctuation dropped. */
  function words(text) {
    return String(text).replace(/<[^>]*>|&#?[a-z0-9]+;/gi, " ").toLowerCase()
      .split(/[^a-z0-9']+/).filter(Boolean).join(" ");
  }

  /* Result groups (one a page) in order: the page titled as the query, then the others,
     then the pages marked as one of many alike. Within each, Material's order. */
  function regroup(data, query) {
    if (!data || !Array.isArray(data.items)) {
      return;
    }
    var asked = words(query);
    var ranked = data.items.map(function (group, index) {
      var page = group.filter(function (item) {
        return item.location.indexOf("#") < 0;
      })[0] || group[0] || {};
      var rank = typeof page.boost === "number" && page.boost < GROUP_BELOW ? 2
        : asked && words(page.title) === asked ? 0 : 1;
      return { group: group, rank: rank, index: index };
    });
    ranked.sort(function (a, b) { return a.rank - b.rank || a.index - b.index; });
    data.items = ranked.map(function (entry) { return entry.group; });
  }

  var lastQuery = "";

  self.addEventListener("message", function (event) {
    var message = event.data;
    if (!message) {
      return;
    }
    if (message.type === SETUP) {
      keepNegations(self.lunr);
    } else if (message.type === QUERY) {
      lastQuery = message.data;
      message.data = rewrite(message.data);
    }
  });

  var post = self.postMessage;
  self.postMessage = function (message) {
    if (message && message.type === RESULT) {
      regroup(message.data, lastQuery);
    }
    return post.apply(self, arguments);
  };

  var material = new URL(ownAddress()).searchParams.get("material");
  if (material) {
    self.importScripts(new URL(material, ownAddress()).href);
  }
})(self);
