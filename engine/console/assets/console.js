// The console's script: selection of rows, and the page a language switch comes back to. The pages
// work without it; it only saves clicks.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // The language switch brings the reader back to this page.
  for (const field of document.querySelectorAll("input[data-current-page]")) {
    field.value = window.location.pathname + window.location.search;
  }

  // Selecting rows: one by one, or every row of the page at once.
  const table = document.getElementById("invoices");
  if (!table) {
    return;
  }
  const pageBox = document.getElementById("select-page");
  const rowBoxes = () => Array.from(table.querySelectorAll("tbody input[name=invoice]"));
  const update = () => {
    const boxes = rowBoxes();
    const chosen = boxes.filter((box) => box.checked);
    for (const box of boxes) {
      box.closest("tr").classList.toggle("selected", box.checked);
    }
    if (pageBox) {
      pageBox.checked = boxes.length > 0 && chosen.length === boxes.length;
      pageBox.indeterminate = chosen.length > 0 && chosen.length < boxes.length;
    }
    const count = document.getElementById("selected-count");
    if (count) {
      count.textContent = String(chosen.length);
    }
    for (const button of document.querySelectorAll("[data-needs-selection]")) {
      button.disabled = chosen.length === 0 && !document.getElementById("all-matching")?.checked;
    }
  };
  if (pageBox) {
    pageBox.addEventListener("change", () => {
      for (const box of rowBoxes()) {
        box.checked = pageBox.checked;
      }
      update();
    });
  }
  table.addEventListener("change", (event) => {
    if (event.target.name === "invoice") {
      update();
    }
  });
  document.getElementById("all-matching")?.addEventListener("change", update);
  update();
});
