#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// A set of short texts that a long job adds to one at a time, such as the invoice numbers seen
// so far: each costs its characters and 5 to 20 bytes, where std::unordered_set<std::string>
// costs about seventy, so a job of a million invoices holds ~30 MB instead of ~70.

namespace mailroom::util {

class TextSet {
public:
  // The longest text the set holds; invoice numbers are at most 64 characters.
  static constexpr std::size_t k_longest = 255;

  // Adds `text` (at most k_longest bytes) and says whether it was new.
  bool insert(std::string_view text);

  bool contains(std::string_view text) const;
  std::size_t size() const { return m_size; }
  // The memory the set holds.
  std::size_t bytes() const {
    return m_texts.capacity() + m_slots.capacity() * sizeof(std::uint32_t);
  }

private:
  // Where `text` is, or the empty slot where it would go.
  std::size_t find_slot(std::string_view text, std::size_t hash) const;
  std::string_view text_at(std::uint32_t slot) const;
  void grow();

  // Each text preceded by its length in one byte.
  std::string m_texts;
  // Open addressing with linear probing: a slot is 0 when empty, else the text's offset in
  // m_texts plus one.
  std::vector<std::uint32_t> m_slots;
  std::size_t m_size = 0;
};

} // namespace mailroom::util
