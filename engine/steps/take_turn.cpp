#include <engine/steps/journey.hpp>

// Takes the invoice's turn with its mailbox's pace before anything is made for it (a hosted
// mailbox takes 30 messages a minute, say: steps/send_mail.cpp keeps the sends themselves apart).
//
// A pipeline thread that waited here for a turn would hold one of the few invoices in flight, and
// the invoices after it would pile up behind it in the report's order: a mailbox at 30/minute
// would hold every other mailbox of the job to about its own pace. So on the first pass over the
// job, an invoice whose mailbox has no turn free now is held back (the pipeline drops it without
// an outcome and keeps it aside: stream_journeys in journey.cpp), the other mailboxes go on at
// full speed, and the held back invoices go out in a second pass once the others are done, each
// waiting for its turn. They come last in the report.

namespace mailroom::steps {

Next take_turn(Journey& journey) {
  auto* transport = journey.context.transport_for(journey.creditor);
  // Without a transport send_mail says why it cannot be sent.
  auto* pacer = transport != nullptr ? transport->pacer() : nullptr;
  if (pacer == nullptr) {
    return Next::GoOn;
  }
  auto& item = journey.item;
  const auto when = item.pace == pipeline::Pace::SecondPass ? transport::WhenPaced::WaitHeldBack
                                                            : transport::WhenPaced::HoldBack;
  switch (pacer->take_turn(when)) {
    case transport::Turn::Taken:
      return Next::GoOn;
    case transport::Turn::HeldBack:
      item.pace = pipeline::Pace::HeldBack;
      return Next::Done;
    case transport::Turn::Stopped:
      return abandon(journey, 1, "the run was stopped before it went out",
                     "; the next run sends it");
    case transport::Turn::LimitReached:
      return max_per_run_reached(journey, *pacer, 1);
  }
  return Next::GoOn;
}

Next max_per_run_reached(Journey& journey, const transport::SendPacer& pacer, unsigned attempt) {
  const auto& mailbox = journey.creditor.mailbox;
  const std::string reason = "max_per_run " + std::to_string(pacer.max_per_run().value_or(0)) +
                             " of mailbox \"" + mailbox + "\" reached";
  journey.context.notice_once("max_per_run " + mailbox,
                              reason + "; the rest of its mail goes out with the next run");
  return abandon(journey, attempt, reason, "; the next run sends it");
}

} // namespace mailroom::steps
