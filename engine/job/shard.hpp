#pragma once

#include <engine/util/result.hpp>

#include <optional>
#include <string>
#include <string_view>

// Several workers share one job (`mailroom run JOB --shard K/N`): each takes the invoices whose
// stable hash of creditor and number falls in its shard, K from 0 to N-1 as Kubernetes numbers
// the indexes of an Indexed Job. The hash depends on nothing but the two texts, so every worker,
// on any machine, with any build, puts an invoice in the same shard. The sharding only divides
// the work: what keeps an invoice from going out twice, should two workers be given the same
// shard, is the shared ledger (Ledger::mark_sending).

namespace mailroom::job {

struct Shard {
  unsigned index = 0;
  unsigned count = 1;

  // Whether the invoice of this creditor and number is this shard's.
  bool takes(std::string_view creditor, std::string_view number) const;
  // A record whose creditor and number cannot be read is reported by shard 0 alone.
  bool takes_unreadable() const { return index == 0; }

  // "1/4", as the command line says it.
  std::string text() const;
};

// "K/N", or "auto/N" with K from `completion_index` (Kubernetes' JOB_COMPLETION_INDEX, none when
// it is not set). An error says what was expected.
Result<Shard> parse_shard(std::string_view text, std::optional<std::string_view> completion_index);

// The shard of an invoice among `count`.
unsigned shard_of(std::string_view creditor, std::string_view number, unsigned count);

} // namespace mailroom::job
