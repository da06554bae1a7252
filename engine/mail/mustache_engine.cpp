#include "mustache_engine.hpp"

#include <exception>
#include <set>

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
  try {
    mustache parsed{source};
    if (!parsed.is_valid()) {
      return make_error(parsed.error_message());
    }
    if (escaping == Escaping::None) {
      parsed.set_custom_escape(unchanged);
    }
    RecordingContext context{&data};
    std::string rendered = parsed.render(context);
    if (!parsed.is_valid()) {
      return make_error(parsed.error_message());
    }
    return rendered;
  } catch (const std::exception& exception) {
    return make_error(exception.what());
  }
}

} // namespace mailroom::mail
