#include <engine/pipeline/invoice_stream.hpp>
#include <engine/steps/journey.hpp>

// The invoice's PDF, drawn on this thread's renderer on the creditor's letterhead (unless the job
// leaves letterheads out); the report notes how long it took.

namespace mailroom::steps {

Next keep_rendered(Journey& journey, Result<render::RenderedPdf> pdf,
                   std::chrono::steady_clock::time_point started) {
  journey.entry.render_milliseconds =
    std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  if (!pdf) {
    return journey.fail_and_record("rendering: " + pdf.error().to_string());
  }
  journey.pdf.emplace(std::move(*pdf));
  return Next::GoOn;
}

Next render_pdf(Journey& journey) {
  const auto started = std::chrono::steady_clock::now();
  return keep_rendered(
    journey,
    pipeline::stream_renderer().render(journey.invoice, journey.creditor,
                                       journey.context.letterhead_for(journey.creditor)),
    started);
}

} // namespace mailroom::steps
