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
      // The work is done and its page is a different one (a large import's preview or its
      // result): go there.
      window.location.assign(response.url);
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

// A long list of checkboxes (Find's lead agencies) gets a search box that hides the options
// whose label does not contain what was typed. Ticked options always stay visible, and a
// polite live region says how many are shown. Without JavaScript the box stays hidden and
// every option is listed.
for (const filter of document.querySelectorAll('[data-module="app-checkbox-filter"]')) {
  const search = filter.querySelector(".app-checkbox-filter__search");
  const input = filter.querySelector(".app-checkbox-filter__input");
  const status = filter.querySelector("[aria-live]");
  const items = [...filter.querySelectorAll(".govuk-checkboxes__item")];
  if (!search || !input) {
    continue;
  }
  search.hidden = false;
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLowerCase();
    let shown = 0;
    for (const item of items) {
      const box = item.querySelector("input");
      const match = !wanted || item.textContent.toLowerCase().includes(wanted) || box.checked;
      item.hidden = !match;
      shown += match ? 1 : 0;
    }
    status.textContent = wanted ? `${shown} of ${items.length} agencies shown` : "";
  });
  // Enter in the search box narrows the list; it must not submit the filters half-chosen.
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
    }
  });
}
