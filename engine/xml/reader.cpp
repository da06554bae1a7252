#include "reader.hpp"

#include <engine/xml/library.hpp>
#include <engine/xml/node_line.hpp>

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlreader.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <system_error>

namespace mailroom::xml {

namespace {

// No DTD loading (XML_PARSE_DTDLOAD), no entity substitution (XML_PARSE_NOENT), no XML_PARSE_HUGE:
// their absence is the point. CDATA sections read as text; lines above 65535 are counted right.
constexpr int k_options = XML_PARSE_NONET | XML_PARSE_NOCDATA | XML_PARSE_BIG_LINES;

struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};

struct ReaderFreer {
  void operator()(xmlTextReader* reader) const { xmlFreeTextReader(reader); }
};

std::string without_trailing_space(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) {
    text.pop_back();
  }
  return text;
}

// What both checks of the depth limit say.
std::string too_deep_message() {
  return "elements nest deeper than " + std::to_string(Reader::k_maximum_depth) +
         " levels (depth limit)";
}

// The deepest element below `top`, counted in levels below it, walked without recursion.
int depth_below(const xmlNode* top) {
  int depth = 0;
  int deepest = 0;
  const xmlNode* node = top;
  while (true) {
    if (node->type == XML_ELEMENT_NODE && node->children != nullptr) {
      node = node->children;
      ++depth;
    } else {
      while (node != top && node->next == nullptr) {
        node = node->parent;
        --depth;
      }
      if (node == top) {
        return deepest;
      }
      node = node->next;
    }
    if (node->type == XML_ELEMENT_NODE) {
      deepest = std::max(deepest, depth);
    }
  }
}

} // namespace

struct Reader::State {
  std::string name;
  // Declared before the reader, so that it is closed after the reader that reads it is freed.
  std::unique_ptr<std::FILE, FileCloser> file;
  std::unique_ptr<xmlTextReader, ReaderFreer> reader;
  std::optional<Error> error;
  // Whether next_element goes on after the current element rather than into it.
  enum class Next { Into, After };
  Next next = Next::Into;
  int depth = 0;

  Error fail(std::string message, long line) {
    if (!error) {
      error = make_error(std::move(message), Location{name, line, {}});
    }
    return *error;
  }

  long parser_line() const { return xmlTextReaderGetParserLineNumber(reader.get()); }
};

namespace {

// Called by libxml2 for each problem of this reader's parse only (not a process-wide handler).
// The first error is kept; warnings (such as a relative namespace URI) are not problems.
void collect_error(void* context, xmlErrorPtr error) {
  auto& state = *static_cast<Reader::State*>(context);
  if (error == nullptr || error->level < XML_ERR_ERROR) {
    return;
  }
  const std::string message =
    without_trailing_space(error->message != nullptr ? error->message : "unknown error");
  // Errors raised without a parser context (a byte sequence the encoding does not allow) carry no
  // line: the parser's is where it stopped.
  const long line = error->line > 0 || !state.reader ? error->line : state.parser_line();
  state.fail("not well-formed XML: " + message, line);
}

// The few messages libxml2 writes as plain text ("xmlParseChunk: encoder error"), each an error.
void collect_generic_error(void* context, const char* format, ...) {
  auto& state = *static_cast<Reader::State*>(context);
  std::array<char, 512> message{};
  std::va_list arguments;
  va_start(arguments, format);
  std::vsnprintf(message.data(), message.size(), format, arguments);
  va_end(arguments);
  state.fail("not well-formed XML: " + without_trailing_space(message.data()),
             state.reader ? state.parser_line() : 0);
}

// libxml2 raises a few errors without a parser context (encoding errors), which go to the
// calling thread's handlers, by default printed on stderr. While this reader parses, those
// handlers are this reader's; libxml2 keeps them per thread, so readers on other threads keep
// theirs.
class ThreadErrorsToReader {
public:
  explicit ThreadErrorsToReader(Reader::State& state)
    : m_previous_structured(xmlStructuredError)
    , m_previous_structured_context(xmlStructuredErrorContext)
    , m_previous_generic(xmlGenericError)
    , m_previous_generic_context(xmlGenericErrorContext) {
    xmlSetStructuredErrorFunc(&state, collect_error);
    xmlSetGenericErrorFunc(&state, collect_generic_error);
  }
  ~ThreadErrorsToReader() {
    xmlSetStructuredErrorFunc(m_previous_structured_context, m_previous_structured);
    xmlSetGenericErrorFunc(m_previous_generic_context, m_previous_generic);
  }
  ThreadErrorsToReader(const ThreadErrorsToReader&) = delete;
  ThreadErrorsToReader& operator=(const ThreadErrorsToReader&) = delete;

private:
  xmlStructuredErrorFunc m_previous_structured;
  void* m_previous_structured_context;
  xmlGenericErrorFunc m_previous_generic;
  void* m_previous_generic_context;
};

int read_file(void* context, char* buffer, int length) {
  auto& state = *static_cast<Reader::State*>(context);
  const size_t read = std::fread(buffer, 1, static_cast<size_t>(length), state.file.get());
  if (read == 0 && std::ferror(state.file.get()) != 0) {
    state.fail("cannot be read: " + std::error_code(errno, std::generic_category()).message(), 0);
    return -1;
  }
  return static_cast<int>(read);
}

Result<Reader::State*> attach(Reader::State& state, xmlTextReader* reader) {
  if (reader == nullptr) {
    return state.error ? *state.error
                       : make_error("cannot be read as XML", Location{state.name, 0, {}});
  }
  state.reader.reset(reader);
  xmlTextReaderSetStructuredErrorHandler(reader, collect_error, &state);
  return &state;
}

} // namespace

Reader::Reader(std::unique_ptr<State> state)
  : m_state(std::move(state)) {}

Reader::Reader(Reader&& other) noexcept = default;
Reader& Reader::operator=(Reader&& other) noexcept = default;
Reader::~Reader() = default;

Result<Reader> Reader::open_file(const std::filesystem::path& file) {
  prepare_library();
  auto state = std::make_unique<State>();
  state->name = file.string();
  // The file is opened and read here, not by libxml2: its errors are ours to word, and libxml2
  // never opens a file by name (nor decompresses one).
  state->file.reset(std::fopen(file.c_str(), "rb"));
  if (!state->file) {
    return make_error("cannot be opened: " +
                        std::error_code(errno, std::generic_category()).message(),
                      Location{state->name, 0, {}});
  }
  const ThreadErrorsToReader errors(*state);
  TRY(attach(*state, xmlReaderForIO(read_file, nullptr, state.get(), state->name.c_str(), nullptr,
                                    k_options)));
  return Reader(std::move(state));
}

Result<Reader> Reader::open_memory(std::string_view bytes, std::string name) {
  prepare_library();
  auto state = std::make_unique<State>();
  state->name = std::move(name);
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return make_error("is larger than 2 GB", Location{state->name, 0, {}});
  }
  const ThreadErrorsToReader errors(*state);
  TRY(attach(*state, xmlReaderForMemory(bytes.data(), static_cast<int>(bytes.size()),
                                        state->name.c_str(), nullptr, k_options)));
  return Reader(std::move(state));
}

const std::string& Reader::name() const {
  return m_state->name;
}

Result<std::optional<StartTag>> Reader::next_element() {
  State& state = *m_state;
  if (state.error) {
    return *state.error;
  }
  auto* reader = state.reader.get();
  const ThreadErrorsToReader errors(state);
  bool after = state.next == State::Next::After;
  state.next = State::Next::Into;
  while (true) {
    const int status = after ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader);
    after = false;
    if (state.error) {
      return *state.error;
    }
    if (status < 0) {
      return state.fail("cannot be read as XML", state.parser_line());
    }
    if (status == 0) {
      return std::optional<StartTag>();
    }
    const int type = xmlTextReaderNodeType(reader);
    if (type == XML_READER_TYPE_DOCUMENT_TYPE) {
      // The declaration concerns the whole file: no line.
      return state.fail("has a DOCTYPE declaration, which is refused: DTDs and entities are "
                        "never read",
                        0);
    }
    if (type != XML_READER_TYPE_ELEMENT) {
      continue;
    }
    StartTag tag;
    tag.depth = xmlTextReaderDepth(reader);
    // Past line 65535 the line comes from the text after the start tag; when libxml2 has not
    // parsed that text yet, it stopped right after the tag, on the tag's line.
    tag.line = node_line(xmlTextReaderCurrentNode(reader), state.parser_line());
    if (tag.depth >= k_maximum_depth) {
      return state.fail(too_deep_message(), tag.line);
    }
    const auto* local_name = xmlTextReaderConstLocalName(reader);
    const auto* namespace_uri = xmlTextReaderConstNamespaceUri(reader);
    tag.local_name = local_name != nullptr ? reinterpret_cast<const char*>(local_name) : "";
    tag.namespace_uri =
      namespace_uri != nullptr ? reinterpret_cast<const char*>(namespace_uri) : "";
    state.depth = tag.depth;
    return std::optional<StartTag>(std::move(tag));
  }
}

Result<Element> Reader::expand() {
  State& state = *m_state;
  if (state.error) {
    return *state.error;
  }
  auto* reader = state.reader.get();
  if (xmlTextReaderNodeType(reader) != XML_READER_TYPE_ELEMENT) {
    return state.fail("nothing to expand: the reader is not on an element", state.parser_line());
  }
  const ThreadErrorsToReader errors(state);
  const xmlNode* node = xmlTextReaderExpand(reader);
  if (state.error) {
    return *state.error;
  }
  if (node == nullptr) {
    return state.fail("cannot be read as XML", state.parser_line());
  }
  state.next = State::Next::After;
  if (state.depth + depth_below(node) >= k_maximum_depth) {
    return state.fail(too_deep_message(), node_line(node, xmlGetLineNo(node)));
  }
  return Element(node);
}

void Reader::skip() {
  m_state->next = State::Next::After;
}

Location Reader::location(long line, std::string field) const {
  return Location{m_state->name, line, std::move(field)};
}

} // namespace mailroom::xml
