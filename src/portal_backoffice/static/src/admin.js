// Accessibility fixes for widgets that the Django 6.1 admin builds with
// JavaScript, loaded at the end of every admin page by
// templates/admin/base_site.html. Each fix is applied again whenever the page
// changes, because the widgets are built after this script runs (select2 on
// jQuery's ready, the filter boxes on the load event) and redrawn later.
"use strict";
{
  // Select2 4.0.13, which the admin bundles for autocomplete fields, names its
  // combobox only by a read-only textbox inside it that shows the chosen
  // value. With nothing chosen neither has an accessible name, which WCAG 2.2
  // success criterion 4.1.2 requires. The textbox only displays the value, so
  // it becomes plain text, and the combobox is named by the field's label
  // followed by that value, such as "Base: Larkfield Primary".
  function autocompleteLabel(select) {
    const container = select.nextElementSibling;
    const label = select.id ? document.querySelector(`label[for="${CSS.escape(select.id)}"]`) : null;
    if (!container?.classList.contains("select2") || !label) {
      return;
    }
    if (!label.id) {
      label.id = `${select.id}-label`;
    }

    const combobox = container.querySelector(".select2-selection");
    const ids = (combobox.getAttribute("aria-labelledby") ?? "").split(/\s+/).filter(Boolean);
    if (!ids.includes(label.id)) {
      combobox.setAttribute("aria-labelledby", [label.id, ...ids].join(" "));
    }

    const rendered = container.querySelector(".select2-selection__rendered");
    if (rendered) {
      rendered.removeAttribute("role");
      rendered.removeAttribute("aria-readonly");
    }
    // Select2 puts its "×" clear button inside the value, where it would be
    // read as part of the name, and adds it again each time it redraws.
    container.querySelectorAll(".select2-selection__clear").forEach((button) => {
      button.setAttribute("aria-hidden", "true");
    });
  }

  // The filter boxes of a many-to-many field (filter_horizontal) put their
  // instructions in an aria-label on a span with no role, where ARIA 1.2
  // prohibits the attribute. As an image, the magnifying glass icon it shows
  // may carry that text.
  function filterIconRoleSet(icon) {
    if (!icon.hasAttribute("role")) {
      icon.setAttribute("role", "img");
    }
  }

  function widgetsFix() {
    document.querySelectorAll("select.admin-autocomplete").forEach(autocompleteLabel);
    document.querySelectorAll(".selector .help-tooltip[aria-label]").forEach(filterIconRoleSet);
  }

  widgetsFix();
  // The fixes only change attributes, which do not wake this observer again.
  new MutationObserver(widgetsFix).observe(document.body, { childList: true, subtree: true });
}
