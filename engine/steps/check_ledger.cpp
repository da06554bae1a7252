#include <engine/steps/journey.hpp>

// What the ledger knows decides whether this invoice goes out at all: one sent by an earlier run
// is skipped, one whose delivery is unknown is held back, unless the run was told to send them
// again.

namespace mailroom::steps {

Next check_ledger(Journey& journey) {
  auto known = journey.book.find(journey.document);
  if (!known) {
    return journey.fail("ledger: " + known.error().to_string());
  }
  if (!*known) {
    return Next::GoOn;
  }
  journey.earlier_attempts = (*known)->attempts;
  journey.earlier_state = (*known)->state;
  const auto judged =
    journey.book.judge_earlier(**known, journey.context.options.resending, journey.entry);
  return judged == EarlierRecord::GoesOut ? Next::GoOn : Next::Done;
}

} // namespace mailroom::steps
