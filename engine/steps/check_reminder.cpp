#include <engine/steps/journey.hpp>

// A reminder level goes out once, whichever job sends it: one a server accepted, in any job, is
// skipped; one whose delivery is unknown, in any job, is held back until a person has looked
// (`--resend-unknown`), as an invoice is. This job's own record counts the attempts.

namespace mailroom::steps {

Next check_reminder(Journey& journey) {
  auto deliveries = journey.book.deliveries_in_any_job(journey.creditor.id, journey.document);
  if (!deliveries) {
    return journey.fail("ledger: " + deliveries.error().to_string());
  }
  const auto resending = journey.context.options.resending;
  for (const auto& delivery : *deliveries) {
    if (delivery.job == journey.context.job.name) {
      journey.earlier_attempts = delivery.attempts;
      journey.earlier_state = delivery.state;
    }
    if (journey.book.judge_earlier(delivery, resending, journey.entry) ==
        EarlierRecord::LeftAlone) {
      if (delivery.job != journey.context.job.name) {
        journey.entry.error += (journey.entry.error.empty() ? "" : " ") +
                               std::string("(recorded by job \"") + delivery.job + "\")";
      }
      return Next::Done;
    }
  }
  return Next::GoOn;
}

} // namespace mailroom::steps
