#include "bundle_writer.hpp"

#include <engine/pdf/handles.hpp>
#include <engine/pdf/paper.hpp>
#include <engine/pdf/pdf_file.hpp>

#include <unistd.h>

#include <cairo-pdf.h>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mailroom::print {

namespace {

// A4 in points: the size of the surface before the first page sets its own.

struct OutputFile {
  std::FILE* stream = nullptr;
  bool write_failed = false;
  int write_errno = 0;
};

cairo_status_t write_to_file(void* closure, const unsigned char* data, unsigned int length) {
  auto* file = static_cast<OutputFile*>(closure);
  if (std::fwrite(data, 1, length, file->stream) != length) {
    file->write_failed = true;
    file->write_errno = errno;
    return CAIRO_STATUS_WRITE_ERROR;
  }
  return CAIRO_STATUS_SUCCESS;
}

std::string cairo_problem(cairo_status_t status) {
  return cairo_status_to_string(status);
}

} // namespace

struct BundleWriter::State {
  std::filesystem::path out;
  std::filesystem::path temporary;
  Duplex duplex = Duplex::Off;
  OutputFile file;
  pdf::CairoSurface surface;
  pdf::CairoContext context;
  int documents = 0;
  int pages = 0;
  pdf::PageSize last_page_size{pdf::k_a4_width, pdf::k_a4_height};
  bool finished = false;

  ~State() {
    // Cairo writes its last bytes when the surface goes; by then the file must still be open.
    context.reset();
    surface.reset();
    if (file.stream != nullptr) {
      std::fclose(file.stream);
    }
    if (!finished && !temporary.empty()) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
    }
  }

  Status fail_if_broken(const std::string& name) const {
    if (file.write_failed) {
      return make_error(std::string("cannot write: ") + std::strerror(file.write_errno),
                        Location{out.string()});
    }
    const auto status = cairo_status(context.get());
    if (status != CAIRO_STATUS_SUCCESS) {
      return make_error("cannot add " + name + " to the bundle: " + cairo_problem(status),
                        Location{out.string()});
    }
    return Ok{};
  }

  void blank_page() {
    cairo_pdf_surface_set_size(surface.get(), last_page_size.width, last_page_size.height);
    cairo_show_page(context.get());
    ++pages;
  }
};

BundleWriter::BundleWriter(std::unique_ptr<State> state)
  : m_state(std::move(state)) {}
BundleWriter::BundleWriter(BundleWriter&& other) noexcept = default;
BundleWriter& BundleWriter::operator=(BundleWriter&& other) noexcept = default;
BundleWriter::~BundleWriter() = default;

Result<BundleWriter> BundleWriter::create(const std::filesystem::path& out, Duplex duplex,
                                          const std::string& title) {
  auto state = std::make_unique<State>();
  state->out = out;
  state->duplex = duplex;
  std::string pattern = (out.parent_path() / ("." + out.filename().string() + ".XXXXXX")).string();
  const int descriptor = mkstemp(pattern.data());
  if (descriptor < 0) {
    return make_error(std::string("cannot create the file: ") + std::strerror(errno),
                      Location{out.string()});
  }
  state->temporary = pattern;
  state->file.stream = fdopen(descriptor, "wb");
  if (state->file.stream == nullptr) {
    ::close(descriptor);
    return make_error(std::string("cannot open the file: ") + std::strerror(errno),
                      Location{out.string()});
  }
  state->surface.reset(cairo_pdf_surface_create_for_stream(write_to_file, &state->file,
                                                           pdf::k_a4_width, pdf::k_a4_height));
  if (const auto status = cairo_surface_status(state->surface.get());
      status != CAIRO_STATUS_SUCCESS) {
    return make_error("cannot start the PDF: " + cairo_problem(status), Location{out.string()});
  }
  cairo_pdf_surface_set_metadata(state->surface.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
  cairo_pdf_surface_set_metadata(state->surface.get(), CAIRO_PDF_METADATA_CREATOR, "mailroom");
  state->context.reset(cairo_create(state->surface.get()));
  return BundleWriter(std::move(state));
}

Status BundleWriter::add(std::string bytes, const std::string& name) {
  auto& state = *m_state;
  const auto pdf = TRY(pdf::PdfFile::open(std::move(bytes), name));
  if (pdf.page_count() == 0) {
    return make_error("the PDF has no pages", Location{name});
  }
  if (state.duplex == Duplex::On && state.pages % 2 == 1) {
    state.blank_page();
  }
  for (int index = 0; index < pdf.page_count(); ++index) {
    const auto size = pdf.page_size(index);
    cairo_pdf_surface_set_size(state.surface.get(), size.width, size.height);
    cairo_save(state.context.get());
    pdf.draw_page(index, state.context.get(), pdf::DrawPurpose::Printing);
    cairo_restore(state.context.get());
    cairo_show_page(state.context.get());
    state.last_page_size = size;
    ++state.pages;
  }
  ++state.documents;
  return state.fail_if_broken(name);
}

Status BundleWriter::finish() {
  auto& state = *m_state;
  if (state.documents == 0) {
    return make_error("nothing to print: no invoice was added", Location{state.out.string()});
  }
  TRY(state.fail_if_broken("the last page"));
  state.context.reset();
  cairo_surface_finish(state.surface.get());
  const auto status = cairo_surface_status(state.surface.get());
  state.surface.reset();
  if (status != CAIRO_STATUS_SUCCESS || state.file.write_failed) {
    return make_error("cannot complete the PDF: " +
                        (state.file.write_failed
                           ? std::string(std::strerror(state.file.write_errno))
                           : cairo_problem(status)),
                      Location{state.out.string()});
  }
  std::FILE* stream = state.file.stream;
  state.file.stream = nullptr;
  const bool flushed = std::fflush(stream) == 0 && fsync(fileno(stream)) == 0;
  const int flush_errno = errno;
  const bool closed = std::fclose(stream) == 0;
  if (!flushed || !closed) {
    return make_error(std::string("cannot write: ") + std::strerror(flushed ? errno : flush_errno),
                      Location{state.out.string()});
  }
  // mkstemp makes the file private; a printed bundle is an ordinary document.
  std::error_code error;
  std::filesystem::permissions(
    state.temporary,
    std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
      std::filesystem::perms::group_read | std::filesystem::perms::others_read,
    error);
  std::filesystem::rename(state.temporary, state.out, error);
  if (error) {
    return make_error("cannot move the finished bundle into place: " + error.message(),
                      Location{state.out.string()});
  }
  state.finished = true;
  return Ok{};
}

int BundleWriter::document_count() const {
  return m_state->documents;
}

int BundleWriter::page_count() const {
  return m_state->pages;
}

} // namespace mailroom::print
