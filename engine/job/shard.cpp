#include "shard.hpp"

#include <engine/util/hash.hpp>

#include <charconv>
#include <cstdint>

namespace mailroom::job {

namespace {

// The largest number of shards: far more workers than any job needs, and small enough that a
// typing error ("1/40000") is caught.
constexpr unsigned k_most_shards = 10000;

std::optional<unsigned> read_number(std::string_view text) {
  unsigned number = 0;
  const auto* end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, number);
  if (text.empty() || error != std::errc() || stop != end) {
    return std::nullopt;
  }
  return number;
}

} // namespace

unsigned shard_of(std::string_view creditor, std::string_view number, unsigned count) {
  // The first 64 bits of a SHA-256 of "creditor\0number": stable, and spread evenly whatever the
  // numbering looks like.
  std::string key(creditor);
  key += '\0';
  key += number;
  const auto digest = hash::sha256_hex(key);
  std::uint64_t value = 0;
  std::from_chars(digest.data(), digest.data() + 16, value, 16);
  return static_cast<unsigned>(value % count);
}

bool Shard::takes(std::string_view creditor, std::string_view number) const {
  return count <= 1 || shard_of(creditor, number, count) == index;
}

std::string Shard::text() const {
  return std::to_string(index) + "/" + std::to_string(count);
}

Result<Shard> parse_shard(std::string_view text, std::optional<std::string_view> completion_index) {
  const auto slash = text.find('/');
  const auto expected = [&](const std::string& what) {
    return make_error("--shard \"" + std::string(text) + "\": " + what +
                      "; expected K/N (K from 0 to N-1, e.g. 0/4) or auto/N");
  };
  if (slash == std::string_view::npos) {
    return expected("no '/'");
  }
  const auto count = read_number(text.substr(slash + 1));
  if (!count || *count < 1 || *count > k_most_shards) {
    return expected("N must be a whole number from 1 to " + std::to_string(k_most_shards));
  }
  const auto index_text = text.substr(0, slash);
  std::optional<unsigned> index;
  if (index_text == "auto") {
    if (!completion_index) {
      return expected("auto takes K from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job sets "
                      "it), which is not set");
    }
    index = read_number(*completion_index);
    if (!index) {
      return expected("JOB_COMPLETION_INDEX is \"" + std::string(*completion_index) +
                      "\", not a whole number");
    }
  } else {
    index = read_number(index_text);
    if (!index) {
      return expected("K must be a whole number or auto");
    }
  }
  if (*index >= *count) {
    return expected("K is " + std::to_string(*index) + ", but the shards of " +
                    std::to_string(*count) + " are numbered 0 to " + std::to_string(*count - 1));
  }
  return Shard{*index, *count};
}

} // namespace mailroom::job
