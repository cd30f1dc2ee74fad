// Start the GOV.UK Frontend and MOJ Frontend components on the page. Every
// page also works without this script, which only adds enhancements.
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";

initGovukFrontend();
initMojFrontend();
