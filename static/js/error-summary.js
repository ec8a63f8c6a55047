// After a failed submit, take the reader to the summary of what went wrong (the GOV.UK
// pattern): screen readers announce it and a keyboard user starts from there. Each link in
// it moves focus to its field, not just the page.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
})();
