#include "pages.hpp"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

// Printing a selection as one PDF, as the help pages' "Print facturen" does: the letterhead on or
// off (off by default, as for `mailroom print`: bundles are printed on pre-printed paper), and
// one PDF with every selected invoice in job order, made by `mailroom print` of the selection.

namespace mailroom::console {

namespace {

using kainjow::mustache::data;

// A folder of its own under the system's temporary folder, removed with what is in it.
class ScratchFolder {
public:
  static Result<ScratchFolder> create() {
    auto pattern = (std::filesystem::temp_directory_path() / "mailroom-print-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      return make_error("cannot make a temporary folder in " +
                        std::filesystem::temp_directory_path().string());
    }
    return ScratchFolder(pattern);
  }
  ScratchFolder(ScratchFolder&& other) noexcept
    : m_path(std::exchange(other.m_path, {})) {}
  ScratchFolder& operator=(ScratchFolder&&) = delete;
  ScratchFolder(const ScratchFolder&) = delete;
  ScratchFolder& operator=(const ScratchFolder&) = delete;
  ~ScratchFolder() {
    if (!m_path.empty()) {
      std::error_code ignored;
      std::filesystem::remove_all(m_path, ignored);
    }
  }
  const std::filesystem::path& path() const { return m_path; }

private:
  explicit ScratchFolder(std::filesystem::path path)
    : m_path(std::move(path)) {}
  std::filesystem::path m_path;
};

} // namespace

Response print_page(const PageInput& input) {
  const auto language = input.viewer.language;
  auto keys = selected_invoices(input);
  if (!keys) {
    return message_page(input.viewer, 400, text(language, "print_selection"), keys.error().message);
  }
  data values;
  data invoices{data::type::list};
  for (const auto& key : *keys) {
    invoices.push_back(data(invoice_key(key.creditor, key.number)));
  }
  values.set("invoices", invoices);
  values.set("count", std::to_string(keys->size()));
  values.set("back", local_path(input.request.parameter("back")));
  return render_page(input.viewer, "print", text(language, "print_selection"), std::move(values));
}

Response print_pdf(const PageInput& input) {
  const auto language = input.viewer.language;
  auto keys = selected_invoices(input);
  if (!keys) {
    return message_page(input.viewer, 400, text(language, "print_selection"), keys.error().message);
  }
  // One job's rendering at a time: a send in progress renders with all the cores already, and so
  // does another print.
  static std::mutex printing;
  const std::unique_lock only_print(printing, std::try_to_lock);
  if (!only_print.owns_lock() || input.sends.snapshot().state == SendState::Running) {
    return message_page(input.viewer, 409, text(language, "print_selection"),
                        text(language, "print_while_sending"));
  }
  commands::PrintOptions options;
  options.letterhead = input.request.parameter("letterhead") == "on" ? render::Letterhead::Include
                                                                     : render::Letterhead::Omit;
  options.duplex =
    input.request.parameter("duplex") == "1" ? print::Duplex::On : print::Duplex::Off;
  options.selection.emplace();
  for (const auto& key : *keys) {
    options.selection->add_invoice(key.creditor, key.number);
  }
  // `mailroom print` writes a file; it is read back and the folder removed.
  auto folder = ScratchFolder::create();
  if (!folder) {
    return message_page(input.viewer, 500, text(language, "error"), folder.error().to_string());
  }
  options.out = folder->path() / "invoices.pdf";
  const auto printed = commands::print(input.job_file, options);
  std::ifstream file(options.out, std::ios::binary);
  std::ostringstream bytes;
  bytes << file.rdbuf();
  if (printed == commands::CommandResult::Refused || bytes.str().empty()) {
    return message_page(input.viewer, 500, text(language, "print_selection"),
                        text(language, "print_failed"));
  }
  return file_response(bytes.str(), "application/pdf", "invoices.pdf", Disposition::Attachment);
}

} // namespace mailroom::console
