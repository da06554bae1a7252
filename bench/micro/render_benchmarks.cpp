#include "fixtures.hpp"

#include <engine/job/payment.hpp>
#include <engine/render/letterhead.hpp>
#include <engine/render/renderer.hpp>

#include <benchmark/benchmark.h>

#include <cairo-pdf.h>

// Layout and PDF output of one invoice with render::Renderer, the way each pipeline thread uses
// it: one Renderer per thread for the whole run.

namespace mailroom::bench {

namespace {

render::Letterhead letterhead_of(const benchmark::State& state) {
  return state.range(1) == 1 ? render::Letterhead::Include : render::Letterhead::Omit;
}

// Steady state: the Renderer has rendered before, so its fonts and letterhead are loaded.
// Arguments: lines (15 for one page, 45 for two), letterhead (1 included, 0 omitted).
void render_for(benchmark::State& state, const job::Creditor& creditor) {
  const auto invoice = bench::invoice(state.thread_index(), static_cast<int>(state.range(0)));
  const auto letterhead = letterhead_of(state);
  render::Renderer renderer;
  if (auto warm = renderer.render(invoice, creditor, letterhead); !warm) {
    state.SkipWithError(warm.error().to_string().c_str());
    return;
  }
  LatencyRecorder latency;
  size_t bytes = 0;
  for (auto _ : state) {
    latency.start();
    auto pdf = renderer.render(invoice, creditor, letterhead);
    latency.stop();
    if (!pdf) {
      state.SkipWithError(pdf.error().to_string().c_str());
      return;
    }
    bytes = pdf->bytes.size();
    benchmark::DoNotOptimize(pdf->bytes.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["pdf_bytes"] =
    benchmark::Counter(static_cast<double>(bytes), benchmark::Counter::kAvgThreads);
  latency.report(state);
}

void render_invoice(benchmark::State& state) {
  render_for(state, acme());
}

// The same with the creditor's payment QR code (EPC) in the payment block, as creditors with
// `payment_qr = true` send them; the benchmark job's invoices have none, like the peers'.
void render_invoice_qr(benchmark::State& state) {
  auto creditor = acme();
  creditor.payment_qr = true;
  if (!job::epc_qr_payload(bench::invoice(0, static_cast<int>(state.range(0))), creditor)) {
    state.SkipWithError("the benchmark invoice would carry no QR code");
    return;
  }
  render_for(state, creditor);
}

BENCHMARK(render_invoice)
  ->ArgNames({"lines", "letterhead"})
  ->Args({15, 1})
  ->Args({15, 0})
  ->Args({45, 1})
  ->Unit(benchmark::kMicrosecond)
  ->UseRealTime();
BENCHMARK(render_invoice_qr)
  ->ArgNames({"lines", "letterhead"})
  ->Args({15, 1})
  ->Unit(benchmark::kMicrosecond)
  ->UseRealTime();
// Thread scaling in-process: each thread has its own Renderer, as in the pipeline.
BENCHMARK(render_invoice)
  ->Name("render_invoice_threads")
  ->ArgNames({"lines", "letterhead"})
  ->Args({15, 1})
  ->Threads(1)
  ->Threads(2)
  ->Unit(benchmark::kMicrosecond)
  ->UseRealTime();

// The first invoice of a fresh Renderer: Pango context, fonts and letterhead loaded on demand.
void render_first_invoice(benchmark::State& state) {
  const auto invoice = bench::invoice(0, 15);
  const auto letterhead = letterhead_of(state);
  for (auto _ : state) {
    render::Renderer renderer;
    auto pdf = renderer.render(invoice, acme(), letterhead);
    if (!pdf) {
      state.SkipWithError(pdf.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(pdf->bytes.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(render_first_invoice)
  ->ArgNames({"lines", "letterhead"})
  ->Args({15, 1})
  ->Args({15, 0})
  ->Unit(benchmark::kMicrosecond)
  ->UseRealTime();

// Loading a letterhead: Poppler into cairo recordings (for the fallback) and qpdf into the stamp
// of its own pages. What a Renderer does once per creditor, and what the stamp saves on every
// invoice after that.
void letterhead_load(benchmark::State& state) {
  const auto path = source_dir() / "templates" / "letterhead" / "acme.pdf";
  for (auto _ : state) {
    auto art = render::LetterheadArt::load(path);
    if (!art) {
      state.SkipWithError(art.error().to_string().c_str());
      return;
    }
    benchmark::DoNotOptimize(art->get());
  }
}
BENCHMARK(letterhead_load)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Replaying the recorded letterhead onto a page of a PDF surface (the per-page cost).
void letterhead_replay(benchmark::State& state) {
  const auto path = source_dir() / "templates" / "letterhead" / "acme.pdf";
  auto art = render::LetterheadArt::load(path);
  if (!art) {
    state.SkipWithError(art.error().to_string().c_str());
    return;
  }
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(
    [](void*, const unsigned char*, unsigned int) { return CAIRO_STATUS_SUCCESS; }, nullptr,
    595.276, 841.89);
  cairo_t* context = cairo_create(surface);
  for (auto _ : state) {
    (*art)->paint(context, render::PageKind::First);
    cairo_show_page(context);
  }
  cairo_destroy(context);
  cairo_surface_finish(surface);
  cairo_surface_destroy(surface);
}
BENCHMARK(letterhead_replay)->Unit(benchmark::kMicrosecond)->UseRealTime();

} // namespace

} // namespace mailroom::bench
