// Starts GOV.UK Frontend components. Loaded as an external ES module (no inline script), so a
// strict Content-Security-Policy (script-src 'self') works. Browsers that do not run modules
// never get here and keep the no-JavaScript versions of the components.
//
// The URL of govuk-frontend.min.js comes from the data-govuk-frontend attribute that
// base.html writes with {% static %}, so it is the hashed file under ManifestStaticFilesStorage.
const script = document.querySelector("script[data-govuk-frontend]");
const src = script
  ? script.getAttribute("data-govuk-frontend")
  : new URL("../govuk/govuk-frontend.min.js", import.meta.url).href;

document.body.classList.add("js-enabled", "govuk-frontend-supported");

import(src).then(({ initAll, isSupported }) => {
  if (isSupported()) {
    initAll();
  }
});

// Progress pages (a large appendix being prepared) carry data-app-poll="SECONDS" while work is
// under way. Without JavaScript the clerk presses "Check progress"; with it, the block is
// re-read from the server every few seconds and swapped in place. Its role="status" region
// announces the new progress; the swap stops once the server sends an empty data-app-poll.
const poll = document.querySelector("[data-app-poll]");
if (poll && poll.dataset.appPoll) {
  const delay = Number(poll.dataset.appPoll) * 1000;
  const tick = async () => {
    const response = await fetch(window.location.href, { credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = page.querySelector("[data-app-poll]");
    if (!fresh) {
      return;
    }
    poll.replaceChildren(...fresh.childNodes);
    document.title = page.title;
    if (fresh.dataset.appPoll) {
      setTimeout(tick, delay);
    } else {
      poll.dataset.appPoll = "";
    }
  };
  setTimeout(tick, delay);
}
