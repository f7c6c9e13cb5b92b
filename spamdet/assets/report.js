// spamdet HTML report. Every piece of scanned text reaches the page through textContent,
// createTextNode or a property (title), never as markup.
(function () {
  "use strict";
  var PAGE_ROWS = 100;
  var VERDICT_RANK = { contaminated: 0, residue: 1, clean: 2, error: 3 };
  // the same characters the terminal report shows as escapes (spamdet.textsafe.UNSAFE)
  var UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
  var started = performance.now();
  var rows = JSON.parse(document.getElementById("index").textContent);
  var state = { q: "", verdict: "", col: 3, desc: true, page: 0, open: -1 };
  var tbody = document.querySelector("#page-table tbody");
  var detail = document.getElementById("detail");

  function vis(s) {
    return String(s).replace(UNSAFE, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = vis(text);
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function fmt(score) { return score === null ? "–" : score.toFixed(2); }

  // row: [n, page, verdict, score, flagged segments, found, reasons, has text, errors]
  function haystack(r) {
    return (r[1] + "\n" + r[5] + "\n" + r[6].join(" ") + "\n" + r[8].join(" ")).toLowerCase();
  }
  function key(r) {
    switch (state.col) {
      case 1: return r[1].toLowerCase();
      case 2: return VERDICT_RANK[r[2]];
      case 3: return r[3] === null ? -1 : r[3];
      case 5: return r[5].toLowerCase();
      case 6: return r[6].join(" ");
      default: return r[state.col];
    }
  }
  function selected() {
    var q = state.q;
    var list = rows.filter(function (r) {
      return (!state.verdict || r[2] === state.verdict) && (!q || haystack(r).indexOf(q) >= 0);
    });
    var sign = state.desc ? -1 : 1;
    list.sort(function (a, b) {
      var ka = key(a), kb = key(b);
      return ka < kb ? -sign : ka > kb ? sign : a[0] - b[0];
    });
    return list;
  }

  function renderList() {
    var list = selected();
    var pages = Math.max(1, Math.ceil(list.length / PAGE_ROWS));
    state.page = Math.min(state.page, pages - 1);
    var first = state.page * PAGE_ROWS;
    var frag = document.createDocumentFragment();
    list.slice(first, first + PAGE_ROWS).forEach(function (r) {
      var tr = document.createElement("tr");
      tr.dataset.n = r[0];
      tr.tabIndex = 0;
      if (r[0] === state.open) tr.className = "open";
      tr.appendChild(el("td", "num", r[0] + 1));
      tr.appendChild(el("td", "page", r[1]));
      tr.appendChild(el("td", "verdict " + r[2], r[2]));
      tr.appendChild(el("td", "num", fmt(r[3])));
      tr.appendChild(el("td", "num", r[4]));
      tr.appendChild(el("td", "found", r[2] === "error" ? r[8].join("; ") : r[5]));
      tr.appendChild(el("td", "reasons", r[6].join(", ")));
      frag.appendChild(tr);
    });
    clear(tbody);
    tbody.appendChild(frag);
    document.getElementById("shown").textContent = list.length
      ? (first + 1) + "–" + Math.min(first + PAGE_ROWS, list.length) + " of " + list.length +
        " pages (page " + (state.page + 1) + " of " + pages + ")"
      : "no page matches";
    document.getElementById("prev").disabled = state.page === 0;
    document.getElementById("next").disabled = state.page >= pages - 1;
    syncHash();
    document.querySelectorAll("th[data-col]").forEach(function (th) {
      if (Number(th.dataset.col) === state.col) {
        th.setAttribute("aria-sort", state.desc ? "descending" : "ascending");
      } else {
        th.removeAttribute("aria-sort");
      }
    });
  }

  function reasonList(reasons, weights) {
    var box = el("div", "reasons");
    var peak = Math.max.apply(null, weights.concat([1e-9]));
    reasons.forEach(function (reason, i) {
      var line = el("div", "reason");
      line.appendChild(el("code", null, reason));
      var bar = el("i");
      bar.style.width = Math.max(2, Math.round(80 * (weights[i] || 0) / peak)) + "px";
      line.appendChild(bar);
      line.appendChild(el("span", "w", weights[i] === undefined ? "" :
        weights[i] === null ? "rule" : (weights[i] >= 0 ? "+" : "") + weights[i].toFixed(2)));
      box.appendChild(line);
    });
    return box;
  }

  function pageText(d) {
    var pre = el("pre", "page-text");
    var text = d.text, cursor = 0;
    d.segs.forEach(function (s, k) {
      pre.appendChild(document.createTextNode(vis(text.slice(cursor, s[0]))));
      var seg = el("span", "seg " + s[2]);
      seg.id = "seg-" + k;
      seg.title = s[2] + " " + s[3].toFixed(2) + ": " + s[4].map(function (r, i) {
        return r + (s[5][i] === undefined ? "" : s[5][i] === null ? " (rule)" :
          " " + s[5][i].toFixed(2));
      }).join(", ");
      var at = s[0];
      s[6].forEach(function (span) {
        seg.appendChild(document.createTextNode(vis(text.slice(at, span[0]))));
        seg.appendChild(el("mark", "span injection", text.slice(span[0], span[1])));
        at = span[1];
      });
      seg.appendChild(document.createTextNode(vis(text.slice(at, s[1]))));
      seg.appendChild(el("span", "tag", k + 1));
      pre.appendChild(seg);
      cursor = s[1];
    });
    pre.appendChild(document.createTextNode(vis(text.slice(cursor))));
    return pre;
  }

  function evidence(d) {
    var list = el("ol", "evidence");
    d.segs.forEach(function (s) {
      var li = document.createElement("li");
      li.appendChild(el("span", "lab " + s[2], s[2]));
      li.appendChild(document.createTextNode(" " + s[3].toFixed(2) + " "));
      var snippet = el("div", "snippet");
      var spans = s[6].map(function (span) { return d.text.slice(span[0], span[1]); });
      snippet.textContent = vis(spans.length ? spans.join(" · ") : d.text.slice(s[0], s[1]).slice(0, 120));
      li.appendChild(snippet);
      li.appendChild(reasonList(s[4], s[5]));
      list.appendChild(li);
    });
    return list;
  }

  function show(n, scroll) {
    var r = rows[n];
    if (!r) return;
    state.open = n;
    clear(detail);
    detail.appendChild(el("h2", null, r[1]));
    var head = el("p");
    head.appendChild(el("span", "verdict " + r[2], r[2]));
    head.appendChild(document.createTextNode(" · score " + fmt(r[3]) + " · " + r[4] +
      " flagged segments"));
    detail.appendChild(head);
    if (r[8].length) detail.appendChild(el("p", "errors", r[8].join("; ")));
    var blob = r[7] ? document.getElementById("d" + n) : null;
    if (!blob) {
      detail.appendChild(el("p", "none", "The report keeps the text of flagged pages only."));
    } else {
      var d = JSON.parse(blob.textContent);
      var legend = el("div", "legend");
      ["injection", "promo", "residue"].forEach(function (label) {
        legend.appendChild(el("span", "seg " + label, label + " segment"));
      });
      legend.appendChild(el("mark", "span injection", "injected span"));
      legend.appendChild(el("span", null, "hover a segment for its reasons; numbers match the list"));
      detail.appendChild(legend);
      var grid = el("div", "grid");
      var left = el("div"), right = el("div");
      left.appendChild(el("h3", null, "Page text"));
      left.appendChild(pageText(d));
      right.appendChild(el("h3", null, "Evidence (signal weights in logits)"));
      right.appendChild(evidence(d));
      grid.appendChild(left);
      grid.appendChild(right);
      detail.appendChild(grid);
      detail.appendChild(el("h3", null, "Cleaned text"));
      detail.appendChild(d.cleaned === null ? el("p", "none", "Cleaning leaves this page unchanged.")
        : el("pre", "cleaned", d.cleaned));
    }
    detail.hidden = false;
    tbody.querySelectorAll("tr.open").forEach(function (tr) { tr.className = ""; });
    var tr = tbody.querySelector('tr[data-n="' + n + '"]');
    if (tr) tr.className = "open";
    syncHash();
    if (scroll) detail.scrollIntoView();
  }

  // The view lives in the URL hash, so a view can be linked to:
  // #v=VERDICT&q=TEXT&s=COLUMN&d=1|0&pg=PAGE&p=PAGE_NUMBER (all optional)
  function syncHash() {
    var h = new URLSearchParams();
    if (state.verdict) h.set("v", state.verdict);
    if (state.q) h.set("q", state.q);
    if (state.col !== 3 || !state.desc) { h.set("s", state.col); h.set("d", state.desc ? 1 : 0); }
    if (state.page) h.set("pg", state.page + 1);
    if (state.open >= 0) h.set("p", state.open + 1);
    if (history.replaceState) history.replaceState(null, "", "#" + h.toString());
  }
  function readHash() {
    var h = new URLSearchParams(location.hash.slice(1));
    state.verdict = VERDICT_RANK.hasOwnProperty(h.get("v")) ? h.get("v") : "";
    state.q = (h.get("q") || "").toLowerCase();
    var col = Number(h.get("s"));
    if (h.has("s") && col >= 0 && col <= 6) { state.col = col; state.desc = h.get("d") !== "0"; }
    state.page = Math.max(0, (Number(h.get("pg")) || 1) - 1);
    document.getElementById("verdict").value = state.verdict;
    document.getElementById("q").value = state.q;
    return Number(h.get("p")) || 0;
  }

  document.getElementById("q").addEventListener("input", function (e) {
    state.q = e.target.value.toLowerCase();
    state.page = 0;
    renderList();
  });
  document.getElementById("verdict").addEventListener("change", function (e) {
    state.verdict = e.target.value;
    state.page = 0;
    renderList();
  });
  document.querySelectorAll("button[data-verdict]").forEach(function (b) {
    b.addEventListener("click", function () {
      state.verdict = b.dataset.verdict;
      document.getElementById("verdict").value = state.verdict;
      state.page = 0;
      renderList();
      document.getElementById("pages").scrollIntoView();
    });
  });
  document.getElementById("prev").addEventListener("click", function () {
    state.page = Math.max(0, state.page - 1);
    renderList();
  });
  document.getElementById("next").addEventListener("click", function () {
    state.page += 1;
    renderList();
  });
  document.querySelectorAll("th[data-col]").forEach(function (th) {
    th.addEventListener("click", function () {
      var col = Number(th.dataset.col);
      state.desc = col === state.col ? !state.desc : col === 3 || col === 4;
      state.col = col;
      renderList();
    });
  });
  function openRow(e) {
    var tr = e.target.closest("tr");
    if (tr && tr.dataset.n !== undefined) show(Number(tr.dataset.n), true);
  }
  tbody.addEventListener("click", openRow);
  tbody.addEventListener("keydown", function (e) { if (e.key === "Enter") openRow(e); });

  var open = readHash();
  renderList();
  if (open) show(open - 1, false);
  // how long the report took to open: parsing up to here, then building the list
  document.body.dataset.parsedMs = Math.round(started);
  document.body.dataset.renderMs = Math.round(performance.now() - started);
})();
