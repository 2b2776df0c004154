/* sopkit: the portal's search, inside Material for MkDocs' search worker.
 *
 * Prepended to Material's worker by generator/portal/search.py. It listens before
 * Material does: the setup message brings the index (search_index.json, whose `sopkit`
 * part generator/portal/searchindex.py wrote into its `config`), and queries are answered here, in the
 * result format Material's search box renders (titles and text are HTML).
 *
 * A query is cut into terms: a document number (XS-LC-007) or other Latin word as it is;
 * Chinese as a whole phrase if the content contains it, else into the content's own words
 * (longest first). A leftover piece of two or more characters is looked up as a phrase; a
 * single leftover character is dropped, so 月报 never matches on 报. A page must contain
 * every term. Retired documents are not in the index at all.
 */
var sopkit = (function () {
  var SETUP = 0, QUERY = 2, RESULT = 3
  var UNIT_LENGTH = 120   // a result's snippet, at most (a table row is one unit)
  var index = null

  function normal(text) {
    return String(text).normalize("NFKC").toLowerCase()
  }

  function escapeHTML(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]
    })
  }

  function prepare(data) {
    var words = new Set(data.words)
    var longest = 1
    data.words.forEach(function (w) { longest = Math.max(longest, w.length) })
    var pages = data.pages.map(function (page) {
      var sections = page.sections.map(function (s) {
        return {anchor: s.anchor, title: s.title, titleN: normal(s.title), units: s.units,
                unitsN: s.units.map(normal)}
      })
      var all = [normal(page.title)]
      sections.forEach(function (s) { all.push(s.titleN); all.push.apply(all, s.unitsN) })
      return {location: page.location, title: page.title, titleN: normal(page.title),
              number: normal(page.number), status: page.status, sections: sections,
              text: all.join("\n")}
    })
    return {pages: pages, words: words, longest: longest, labels: data.labels,
            everything: pages.map(function (p) { return p.text }).join("\n")}
  }

  /* Chinese runs against the vocabulary: forward maximum matching. */
  function cutHan(run) {
    if (run.length < 2 || index.everything.indexOf(run) >= 0) return [run]
    var terms = [], unknown = ""
    for (var i = 0; i < run.length;) {
      var end = Math.min(run.length, i + index.longest)
      while (end > i + 1 && !index.words.has(run.slice(i, end))) end--
      if (end > i + 1) {
        if (unknown.length >= 2) terms.push(unknown)
        unknown = ""
        terms.push(run.slice(i, end))
        i = end
      } else {
        unknown += run[i++]
      }
    }
    if (unknown.length >= 2) terms.push(unknown)
    return terms
  }

  function terms(query) {
    var found = []
    normal(query).split(/[\s,，、。;；:：!！?？()（）《》“”"'‘’·|/\\]+/).forEach(function (chunk) {
      if (!chunk) return
      if (/^[\x21-\x7e]+$/.test(chunk)) { found.push(chunk); return }
      chunk.split(/([\p{sc=Han}]+)/u).forEach(function (piece) {
        if (!piece) return
        if (/\p{sc=Han}/u.test(piece)) found.push.apply(found, cutHan(piece))
        else found.push(piece)
      })
    })
    return Array.from(new Set(found))
  }

  function count(haystacks, term) {
    var n = 0
    haystacks.forEach(function (h) { if (h.indexOf(term) >= 0) n++ })
    return n
  }

  /* A page's score; 0 when a term is missing from it. */
  function score(page, words, whole) {
    var total = 0
    if (page.number && page.number === whole) total += 100
    if (page.titleN === whole) total += 60
    for (var i = 0; i < words.length; i++) {
      var term = words[i]
      if (page.text.indexOf(term) < 0 && page.number.indexOf(term) < 0) return 0
      if (page.number === term) total += 100
      if (page.titleN.indexOf(term) >= 0)
        total += 20 + 20 * term.length / page.titleN.length
      page.sections.forEach(function (s) {
        if (s.titleN.indexOf(term) >= 0) total += 3
        var n = count(s.unitsN, term)
        if (n) total += 1 + Math.log2(1 + n)
      })
    }
    return total
  }

  function highlight(text, words) {
    var normalText = normal(text)
    var marks = new Uint8Array(text.length)
    words.forEach(function (term) {
      // NFKC may change lengths (full-width letters keep theirs): mark only when aligned
      if (normalText.length !== text.length) return
      for (var at = normalText.indexOf(term); at >= 0; at = normalText.indexOf(term, at + 1))
        marks.fill(1, at, at + term.length)
    })
    var html = "", open = false
    for (var i = 0; i < text.length; i++) {
      if (marks[i] && !open) { html += "<mark>"; open = true }
      if (!marks[i] && open) { html += "</mark>"; open = false }
      html += escapeHTML(text[i])
    }
    return html + (open ? "</mark>" : "")
  }

  /* The unit to show: the one with most terms, cut to UNIT_LENGTH around the first. */
  function snippet(section, words) {
    var best = -1, bestHits = 0
    section.unitsN.forEach(function (unit, i) {
      var hits = words.filter(function (w) { return unit.indexOf(w) >= 0 }).length
      if (hits > bestHits) { best = i; bestHits = hits }
    })
    if (best < 0) return ""
    var text = section.units[best]
    if (text.length > UNIT_LENGTH) {
      var first = Math.min.apply(null, words.map(function (w) {
        var at = normal(text).indexOf(w)
        return at < 0 ? text.length : at
      }))
      var start = Math.max(0, Math.min(first - 20, text.length - UNIT_LENGTH))
      text = (start > 0 ? "…" : "") + text.slice(start, start + UNIT_LENGTH) +
        (start + UNIT_LENGTH < text.length ? "…" : "")
    }
    return highlight(text, words)
  }

  function mark(page) {
    if (page.status !== "draft") return ""
    return ' <span class="sop-badge sop-badge--draft">' + escapeHTML(index.labels.draft) +
      "</span>"
  }

  function resultOf(page, words, total) {
    var found = {}
    words.forEach(function (w) { found[w] = true })
    var top = page.sections[0]
    var group = [{location: page.location, title: highlight(page.title, words) + mark(page),
                  text: snippet(top, words), score: total, terms: found}]
    page.sections.slice(1).forEach(function (s) {
      var hits = words.filter(function (w) {
        return s.titleN.indexOf(w) >= 0 || count(s.unitsN, w) > 0 }).length
      if (hits)
        group.push({location: page.location + "#" + s.anchor, title: highlight(s.title, words),
                    text: snippet(s, words), score: total * hits / words.length,
                    terms: found})
    })
    return group
  }

  function search(query) {
    var words = terms(query)
    if (!index || !words.length) return {items: []}
    var whole = normal(query).trim()
    var scored = []
    index.pages.forEach(function (page) {
      var total = score(page, words, whole)
      if (total > 0) scored.push([total, page])
    })
    scored.sort(function (a, b) {
      return b[0] - a[0] || a[1].title.length - b[1].title.length })
    return {items: scored.map(function (s) { return resultOf(s[1], words, s[0]) })}
  }

  function listen(ev) {
    var message = ev.data
    if (!message) return
    if (message.type === SETUP && message.data && message.data.config.sopkit) {
      index = prepare(message.data.config.sopkit)
    } else if (message.type === QUERY && index) {
      ev.stopImmediatePropagation()
      postMessage({type: RESULT, data: search(String(message.data))})
    }
  }

  addEventListener("message", listen)
  return {search: search, terms: terms}
})();
