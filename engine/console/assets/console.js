// The console's script: selection of rows, and the page a language switch comes back to. The pages
// work without it; it only saves clicks.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  // The language switch brings the reader back to this page.
  for (const field of document.querySelectorAll("input[data-current-page]")) {
    field.value = window.location.pathname + window.location.search;
  }

  followSend();
  confirmCounts();

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

// The progress of a send, pushed by the server (Server-Sent Events): the bar and the counts move
// as invoices go out; when the send is over the page is loaded again, made by the server with the
// outcome of every invoice that was not delivered.
function followSend() {
  const status = document.getElementById("send-status");
  if (!status || status.dataset.state !== "running" || !window.EventSource) {
    return;
  }
  const show = (id, value) => {
    const element = document.getElementById(id);
    if (element) {
      element.textContent = String(value);
    }
  };
  const events = new EventSource("/send/events");
  const update = (event) => {
    const progress = JSON.parse(event.data);
    const bar = document.getElementById("progress-bar");
    if (bar) {
      bar.max = Math.max(progress.total, 1);
      bar.value = progress.done;
    }
    show("progress-done", progress.done);
    show("progress-total", progress.total);
    show("progress-rate", progress.per_second.toFixed(1));
    show("count-sent", progress.sent);
    show("count-skipped", progress.skipped);
    show("count-invalid", progress.invalid_address);
    show("count-failed", progress.failed);
    show("count-unknown", progress.unknown);
  };
  events.addEventListener("progress", update);
  events.addEventListener("finished", (event) => {
    update(event);
    events.close();
    window.location.reload();
  });
}

// Step 2: "resend them too" adds the invoices sent before to the number that will go out.
function confirmCounts() {
  const resend = document.getElementById("resend-too");
  const count = document.getElementById("to-send-count");
  const send = document.getElementById("send");
  if (!resend || !count) {
    return;
  }
  const base = Number(count.dataset.count);
  const again = document.querySelectorAll("#already-sent-list li").length;
  const update = () => {
    const total = base + (resend.checked ? again : 0);
    count.textContent = String(total);
    if (send) {
      send.disabled = total === 0;
    }
  };
  resend.addEventListener("change", update);
  update();
}
