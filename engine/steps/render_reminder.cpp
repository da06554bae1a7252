#include <engine/pipeline/invoice_stream.hpp>
#include <engine/steps/journey.hpp>

// The reminder letter, drawn on this thread's renderer on the creditor's letterhead, in the
// invoice's language: what is still owed, the fee, the new date to pay by.

namespace mailroom::steps {

Next render_reminder(Journey& journey) {
  const auto started = std::chrono::steady_clock::now();
  return keep_rendered(journey,
                       pipeline::stream_renderer().render_reminder(
                         journey.invoice, *journey.reminder, journey.creditor,
                         journey.context.letterhead_for(journey.creditor)),
                       started);
}

} // namespace mailroom::steps
