// The dashboard's only script of its own (htmx does the rest); no inline script, so the page's CSP allows none.
// A log keeps to its bottom while a job prints, unless the reader scrolled up to read.
(function () {
  function stick(log) {
    var atBottom = true;
    log.addEventListener('scroll', function () {
      atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 24;
    });
    new MutationObserver(function () {
      if (atBottom) {
        log.scrollTop = log.scrollHeight;
      }
    }).observe(log, {childList: true, subtree: true});
    log.scrollTop = log.scrollHeight;
  }
  document.addEventListener('DOMContentLoaded', function () {
    document.querySelectorAll('[data-follow]').forEach(stick);
  });
})();
