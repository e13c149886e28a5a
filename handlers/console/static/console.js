// 一门工作台: the one script. An element with data-live="URL" is refreshed from URL every
// REFRESH_MS while the page is visible (today's queue); a form's list of problems (#problems) takes
// the focus when the page comes back with it, so the keyboard starts there. No inline script, no library.
"use strict";
(function () {
  var REFRESH_MS = 10000;
  function refresh(el) {
    if (document.hidden || el.contains(document.activeElement)) { return; }
    fetch(el.getAttribute("data-live"), { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
      .then(function (html) { if (html !== null) { el.innerHTML = html; } })
      .catch(function () { /* offline for a moment: try again next time */ });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var problems = document.getElementById("problems");
    if (problems) { problems.focus(); }
    document.querySelectorAll("[data-live]").forEach(function (el) {
      setInterval(function () { refresh(el); }, REFRESH_MS);
    });
  });
})();
