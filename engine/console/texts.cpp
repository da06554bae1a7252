#include "texts.hpp"

#include "assets.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <vector>

namespace mailroom::console {

namespace {

struct LanguageTexts {
  std::map<std::string, std::string, std::less<>> by_key;
  kainjow::mustache::data data{kainjow::mustache::data::type::object};
};

LanguageTexts load(Language language) {
  LanguageTexts loaded;
  const auto source = asset("texts." + std::string(job::language_code(language)) + ".json");
  if (!source) {
    return loaded;
  }
  // The texts are built into the binary and checked by the tests: a file that does not parse
  // leaves the keys showing, which those tests catch.
  const auto parsed = nlohmann::json::parse(*source, nullptr, false);
  if (!parsed.is_object()) {
    return loaded;
  }
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_string()) {
      loaded.by_key.emplace(key, value.get<std::string>());
      loaded.data.set(key, value.get<std::string>());
    }
  }
  return loaded;
}

const LanguageTexts& texts_of(Language language) {
  static const LanguageTexts english = load(Language::English);
  static const LanguageTexts dutch = load(Language::Dutch);
  return language == Language::Dutch ? dutch : english;
}

} // namespace

Language preferred_language(std::string_view accept_language) {
  // Each range with its weight; the heaviest of ours wins, the first on a tie.
  double best_weight = 0;
  Language best = Language::English;
  while (!accept_language.empty()) {
    const auto end = accept_language.find(',');
    auto range = accept_language.substr(0, end);
    accept_language =
      end == std::string_view::npos ? std::string_view() : accept_language.substr(end + 1);
    double weight = 1;
    if (const auto parameters = range.find(';'); parameters != std::string_view::npos) {
      const auto quality = range.substr(parameters + 1);
      range = range.substr(0, parameters);
      if (const auto equals = quality.find("q="); equals != std::string_view::npos) {
        weight = std::strtod(std::string(quality.substr(equals + 2)).c_str(), nullptr);
      }
    }
    while (!range.empty() && range.front() == ' ') {
      range.remove_prefix(1);
    }
    const auto primary = range.substr(0, range.find('-'));
    std::string lower(primary);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char character) {
      return static_cast<char>(std::tolower(character));
    });
    const auto language = job::parse_language(lower);
    if (language && weight > best_weight) {
      best_weight = weight;
      best = *language;
    }
  }
  return best;
}

std::string text(Language language, std::string_view key) {
  const auto& by_key = texts_of(language).by_key;
  const auto found = by_key.find(key);
  return found == by_key.end() ? std::string(key) : found->second;
}

const kainjow::mustache::data& texts(Language language) {
  return texts_of(language).data;
}

} // namespace mailroom::console
