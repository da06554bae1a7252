#pragma once

#include <optional>
#include <string_view>

namespace mailroom::ledger {

// What became of one delivery of an invoice.
// Unknown: the message went out but the connection failed before the server's final reply, so
// it may or may not have been accepted. Such an invoice is never resent without an operator's
// request (`mailroom run --resend-unknown`), and never counted as sent.
enum class State { Sending, Sent, Failed, InvalidAddress, Unknown };

// "sending", "sent", "failed", "invalid_address", "unknown".
std::string_view state_name(State state);
std::optional<State> parse_state(std::string_view name);

} // namespace mailroom::ledger
