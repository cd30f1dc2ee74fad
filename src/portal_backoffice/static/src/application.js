// Start the GOV.UK Frontend and MOJ Frontend components on the page, and
// again inside whatever htmx swaps in. Every page also works without this
// script, which only adds enhancements.
//
// htmx 4 (htmx.min.js) does the swapping. The handlers below listen to its
// events on the document, so they work whichever script runs first.
import { initAll as initGovukFrontend } from "./govuk-frontend.min.js";
import { initAll as initMojFrontend } from "./moj-frontend.min.js";

initGovukFrontend();
initMojFrontend();

const MAIN_ID = "main-content";

function isHistoryRestore(ctx) {
  return ctx.request?.headers?.["HX-History-Restore-Request"] === "true";
}

function isWholePage(text) {
  return /^\s*<!doctype html/i.test(text ?? "");
}

// The components in swapped content are new elements, so they start here.
// The scope element itself is left out by both libraries, and none of the
// swapped roots is a component.
document.addEventListener("htmx:after:settle", (event) => {
  if (event.target instanceof Element) {
    initGovukFrontend(event.target);
    initMojFrontend(event.target);
  }
});

// Screen readers treat the region as busy while htmx fetches its new content.
document.addEventListener("htmx:before:request", (event) => {
  const { target, sourceElement } = event.detail.ctx;
  if (target instanceof Element && target !== sourceElement) {
    target.setAttribute("aria-busy", "true");
  }
});

document.addEventListener("htmx:finally:request", (event) => {
  const { target } = event.detail.ctx;
  if (target instanceof Element) {
    target.removeAttribute("aria-busy");
  }
});

// htmx requests one region, so a whole page in response is the sign-in page
// after the session ended, an error page, or a student that another officer
// changed. A GET loads that page as a link would. Another request shows the
// page's main content in place of this one, and its error summary takes the
// focus. An error with no page, such as 405, reloads the current page.
document.addEventListener("htmx:after:request", (event) => {
  const { ctx } = event.detail;
  if (ctx.select || isHistoryRestore(ctx)) {
    return;
  }
  const wholePage = isWholePage(ctx.text);
  if (!wholePage && ctx.response.status < 400) {
    return;
  }

  if (ctx.request.method === "GET") {
    event.preventDefault();
    window.location.assign(ctx.response.raw.url);
  } else if (wholePage) {
    ctx.target = document.getElementById(MAIN_ID);
    ctx.select = `#${MAIN_ID}`;
    ctx.swap = "outerHTML";
    ctx.push = "false";
  } else {
    event.preventDefault();
    window.location.reload();
  }
});

// When a GET fails before any response (the network, or the 60 second
// default timeout of htmx 4.0.1), load the page as a link would, so that the
// browser reports the problem.
document.addEventListener("htmx:error", (event) => {
  const { ctx } = event.detail;
  if (ctx && !ctx.response && ctx.request.method === "GET" && !isHistoryRestore(ctx)) {
    window.location.assign(ctx.request.action);
  }
});

// Sort links carry no id, so htmx cannot put the focus back on the one that
// was followed. Its column's position is kept, to focus the new link there.
document.addEventListener("htmx:before:swap", (event) => {
  const { ctx } = event.detail;
  const active = document.activeElement;
  if (ctx.target instanceof Element && active?.matches(".app-sort-link")) {
    const links = [...ctx.target.querySelectorAll(".app-sort-link")];
    ctx.sortLinkIndex = links.indexOf(active);
  }
});

// After a swap the focus stays where htmx or an error summary put it. When
// the focused element went away with the old content, such as a page link,
// the focus moves to the new content's heading marked for it, so keyboard
// and screen reader users start reading the new results.
document.addEventListener("htmx:after:swap", (event) => {
  const { ctx } = event.detail;
  const region = ctx.target?.id ? document.getElementById(ctx.target.id) : null;
  if (!region || isHistoryRestore(ctx)) {
    return;
  }

  if (ctx.sortLinkIndex >= 0) {
    region.querySelectorAll(".app-sort-link")[ctx.sortLinkIndex]?.focus();
    return;
  }
  const active = document.activeElement;
  if (!active || active === document.body) {
    region.querySelector("[data-app-focus-after-swap]")?.focus();
  }
});
