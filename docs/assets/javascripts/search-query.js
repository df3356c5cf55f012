// Search queries without the words that should not decide a ranking (issue 15).
//
// Material's search sends what is typed to its worker, which turns every word into a prefix
// query: in "what is a token", "a" matches every word starting with "a" and fills the result
// list with pages that have nothing to do with tokens. Before a query reaches the worker, this
// drops English stop words (lunr's own list, the one the index is built with) and one-letter
// words, unless that would leave nothing, or the query uses search syntax (quotes, +, -, ~, ^, :).
// The index splits words at hyphens and dots, so "n-gram" or "de-identification" would search
// "n*" or "de*" (every word starting so): of a hyphenated word only parts of 3+ letters are kept.
// Only the query message is changed; how and when the index loads is Material's (and bench's).
(function () {
  var STOP = {};
  "a able about across after all almost also am among an and any are as at be because been but by can cannot could dear did do does either else ever every for from get got had has have he her hers him his how however i if in into is it its just least let like likely may me might most must my neither no nor not of off often on only or other our own rather said say says she should since so some than that the their them then there these they this tis to too twas us wants was we were what when where which while who whom why will with would yet you your".split(" ").forEach(function (word) { STOP[word] = true; });
  var QUERY = 2;  // Material's message type for a search query (SearchMessageType.QUERY)

  function transform(query) {
    if (typeof query !== "string" || /(^|\s)[+\-]|["~^:*]/.test(query)) return query;
    var kept = [];
    var words = query.split(/\s+/);
    words.forEach(function (word, index) {
      var parts = word.toLowerCase().split(/[\-.]+/).filter(Boolean);
      var shortest = parts.length > 1 ? 3 : 2;
      parts.forEach(function (part, at) {
        if (part.length < shortest || STOP[part]) return;
        // Words already typed in full (all but the last, and the parts of a hyphenated word
        // before its last) match whole words only ("^1" keeps Material from adding "*"):
        // "multi-head" must not match the tag "multimodal".
        var typing = index === words.length - 1 && at === parts.length - 1;
        kept.push(typing ? part : part + "^1");
      });
    });
    return kept.length ? kept.join(" ") : query;
  }

  function patch(Worker) {
    if (!Worker || !Worker.prototype || Worker.prototype.__courseQuery) return;
    var post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (message) {
      if (message && message.type === QUERY) {
        arguments[0] = {type: message.type, data: transform(message.data)};
      }
      return post.apply(this, arguments);
    };
    Worker.prototype.__courseQuery = true;
  }

  patch(window.Worker);
  window.__courseSearchTransform = transform;  // for the tests
})();
