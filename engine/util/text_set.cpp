#include "text_set.hpp"

#include <functional>
#include <limits>
#include <stdexcept>

namespace mailroom::util {

namespace {

constexpr std::size_t k_first_slot_count = 1024;

std::size_t hash_of(std::string_view text) {
  return std::hash<std::string_view>{}(text);
}

} // namespace

std::string_view TextSet::text_at(std::uint32_t slot) const {
  const std::size_t offset = slot - 1;
  const auto length = static_cast<unsigned char>(m_texts[offset]);
  return std::string_view(m_texts).substr(offset + 1, length);
}

std::size_t TextSet::find_slot(std::string_view text, std::size_t hash) const {
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t index = hash & mask;; index = (index + 1) & mask) {
    const std::uint32_t slot = m_slots[index];
    if (slot == 0 || text_at(slot) == text) {
      return index;
    }
  }
}

bool TextSet::contains(std::string_view text) const {
  return !m_slots.empty() && m_slots[find_slot(text, hash_of(text))] != 0;
}

void TextSet::grow() {
  std::vector<std::uint32_t> old = std::move(m_slots);
  m_slots.assign(old.empty() ? k_first_slot_count : old.size() * 2, 0);
  const std::size_t mask = m_slots.size() - 1;
  for (const std::uint32_t slot : old) {
    if (slot != 0) {
      std::size_t index = hash_of(text_at(slot)) & mask;
      while (m_slots[index] != 0) {
        index = (index + 1) & mask;
      }
      m_slots[index] = slot;
    }
  }
}

bool TextSet::insert(std::string_view text) {
  if (text.size() > k_longest) {
    throw std::length_error("TextSet holds texts of at most 255 bytes");
  }
  // At most three quarters of the slots are used, so probes stay short.
  if (4 * (m_size + 1) > 3 * m_slots.size()) {
    grow();
  }
  const std::size_t index = find_slot(text, hash_of(text));
  if (m_slots[index] != 0) {
    return false;
  }
  const std::size_t offset = m_texts.size();
  if (offset + 1 + text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw std::length_error("TextSet holds at most 4 GB of text");
  }
  m_texts.push_back(static_cast<char>(text.size()));
  m_texts.append(text);
  m_slots[index] = static_cast<std::uint32_t>(offset + 1);
  ++m_size;
  return true;
}

} // namespace mailroom::util
