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
