#include <engine/steps/journey.hpp>
#include <engine/util/files.hpp>

// `mailroom render`: the PDF written to <render folder>/<number>.pdf, whole or not at all.

namespace mailroom::steps {

Next write_pdf(Journey& journey) {
  const auto path = journey.context.render_folder / (journey.invoice.number + ".pdf");
  if (auto written = files::write_file_atomically(path, journey.pdf->bytes); !written) {
    return journey.fail(written.error().to_string());
  }
  return Next::GoOn;
}

} // namespace mailroom::steps
