/**
 * The one script a public page carries (decision 028): with JavaScript on, the quick exit replaces
 * the current history entry instead of adding one, so Back does not return to the campaign page,
 * and the page is hidden the moment the exit is tapped, before the neutral site has loaded.
 * Without JavaScript the link still leaves at once (it is a plain link); only Back differs.
 *
 * Plain ES5 in a string, served as a file (the CSP allows scripts from 'self', so no nonce and the
 * page microcache still works), about 600 bytes: cheap phones and old browsers run it as it is.
 * Delegated from the document, so it also covers the staff pages that React re-renders.
 * The ping the link carries is not sent when a script cancels the click, so it goes as a beacon.
 */

export const QUICK_EXIT_SCRIPT = `(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target && event.target.closest ? event.target.closest("a[data-quick-exit]") : null;
    if (!link || !window.location.replace) return;
    event.preventDefault();
    document.documentElement.setAttribute("data-leaving", "");
    var ping = link.getAttribute("ping");
    if (ping && navigator.sendBeacon) {
      try { navigator.sendBeacon(ping, "PING"); } catch (ignored) { /* counting must never hold the exit back */ }
    }
    window.location.replace(link.href);
  });
  // A page restored from the back-forward cache must not stay hidden.
  window.addEventListener("pageshow", function () {
    document.documentElement.removeAttribute("data-leaving");
  });
})();
`;

/** Changes with the source (a unit test checks the fingerprint), so the file is cached for a year. */
export const QUICK_EXIT_SCRIPT_PATH = "/quick-exit.5191f64a1e.js";
