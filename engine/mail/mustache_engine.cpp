#include "mustache_engine.hpp"

#include <exception>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

namespace mailroom::mail {

namespace {

using kainjow::mustache::data;
using kainjow::mustache::mustache;

// Resolves names as kainjow's own context does, but remembers the names that resolve to nothing
// and refuses partials, which would otherwise be looked up in the data.
class RecordingContext : public kainjow::mustache::context<std::string> {
public:
  explicit RecordingContext(const data* root)
    : kainjow::mustache::context<std::string>(root) {}

  const data* get(const std::string& name) const override {
    const data* found = kainjow::mustache::context<std::string>::get(name);
    if (found == nullptr) {
      m_unknown.insert(name);
    }
    return found;
  }

  const data* get_partial(const std::string& name) const override {
    m_unknown.insert("> " + name);
    return nullptr;
  }

  const std::set<std::string>& unknown() const { return m_unknown; }

private:
  mutable std::set<std::string> m_unknown;
};

std::string unchanged(const std::string& text) {
  return text;
}

// Parsing a template costs more than rendering it, and the same few templates are rendered for
// every invoice. Each thread keeps what it parsed (kainjow's render is not const, so a parsed
// template is not shared between threads), keyed by the text itself rather than its address,
// which a later template could reuse.
class ParsedTemplates {
public:
  // The template parsed for rendering with `escaping`; it may hold a parse error.
  mustache& find_or_parse(const std::string& source, Escaping escaping) {
    auto& parsed = m_parsed[static_cast<size_t>(escaping)];
    if (const auto found = parsed.find(source); found != parsed.end()) {
      return *found->second;
    }
    if (parsed.size() >= k_most_templates) {
      parsed.clear(); // Only a process that loads many different templates gets here.
    }
    auto made = std::make_unique<mustache>(source);
    if (escaping == Escaping::None) {
      made->set_custom_escape(unchanged);
    }
    return *parsed.emplace(source, std::move(made)).first->second;
  }

  // A template whose render failed keeps the error and would render nothing again.
  void forget(const std::string& source, Escaping escaping) {
    m_parsed[static_cast<size_t>(escaping)].erase(source);
  }

private:
  static constexpr size_t k_most_templates = 64;
  std::unordered_map<std::string, std::unique_ptr<mustache>> m_parsed[2];
};

ParsedTemplates& parsed_templates() {
  thread_local ParsedTemplates templates;
  return templates;
}

} // namespace

Status check_syntax(const std::string& source) {
  try {
    const mustache parsed{source};
    if (!parsed.is_valid()) {
      return make_error(parsed.error_message());
    }
    return Ok{};
  } catch (const std::exception& exception) {
    return make_error(exception.what());
  }
}

std::vector<std::string> unknown_names(const std::string& source, const data& data) {
  try {
    mustache parsed{source};
    RecordingContext context{&data};
    parsed.render(context);
    return {context.unknown().begin(), context.unknown().end()};
  } catch (const std::exception&) {
    // A template that cannot be rendered is reported by render_template; it has no names to add.
    return {};
  }
}

Result<std::string> render_template(const std::string& source, const data& data,
                                    Escaping escaping) {
  auto& templates = parsed_templates();
  try {
    auto& parsed = templates.find_or_parse(source, escaping);
    if (!parsed.is_valid()) {
      auto error = make_error(parsed.error_message());
      templates.forget(source, escaping);
      return error;
    }
    RecordingContext context{&data};
    std::string rendered = parsed.render(context);
    if (!parsed.is_valid()) {
      auto error = make_error(parsed.error_message());
      templates.forget(source, escaping);
      return error;
    }
    return rendered;
  } catch (const std::exception& exception) {
    templates.forget(source, escaping);
    return make_error(exception.what());
  }
}

} // namespace mailroom::mail
