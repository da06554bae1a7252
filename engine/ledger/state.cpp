#include "state.hpp"

namespace mailroom::ledger {

// These names are what the ledger file stores; changing one needs a new schema version.
std::string_view state_name(State state) {
  switch (state) {
    case State::Sending:
      return "sending";
    case State::Sent:
      return "sent";
    case State::Failed:
      return "failed";
    case State::InvalidAddress:
      return "invalid_address";
    case State::Unknown:
      return "unknown";
  }
  return "unknown";
}

std::optional<State> parse_state(std::string_view name) {
  for (const auto state :
       {State::Sending, State::Sent, State::Failed, State::InvalidAddress, State::Unknown}) {
    if (state_name(state) == name) {
      return state;
    }
  }
  return std::nullopt;
}

} // namespace mailroom::ledger
