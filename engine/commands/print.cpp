#include <engine/commands/commands.hpp>
#include <engine/commands/load.hpp>
#include <engine/pipeline/context.hpp>
#include <engine/pipeline/invoice_stream.hpp>
#include <engine/print/bundle_writer.hpp>
#include <engine/render/letterhead.hpp>
#include <engine/util/text.hpp>

// `mailroom print`: the job's invoices in one PDF for the printer, in job order. Invoices are
// rendered in parallel but added to the bundle one at a time, so memory stays flat.

namespace mailroom::commands {

using pipeline::JobRecord;

namespace {

render::Letterhead letterhead_of(const job::Creditor& creditor, render::Letterhead asked) {
  return creditor.letterhead.empty() ? render::Letterhead::Omit : asked;
}

// Letterheads are checked when they are to be printed, whatever the job file says about them.
void verify_letterheads_to_print(const pipeline::RunContext& context,
                                 std::vector<Error>& problems) {
  for (const auto& [id, creditor] : context.creditors.by_id) {
    if (creditor.letterhead.empty()) {
      continue;
    }
    if (auto verified = render::verify_letterhead(creditor.letterhead); !verified) {
      problems.push_back(verified.error());
    }
  }
}

} // namespace

CommandResult print(const std::filesystem::path& job_file, const PrintOptions& options) {
  // 1. Read the job and its creditors; refuse it on any problem. Make the bundle's file.
  auto context = load_or_refuse(job_file, options.letterhead == render::Letterhead::Include
                                            ? FurtherChecks(verify_letterheads_to_print)
                                            : FurtherChecks());
  if (!context) {
    return CommandResult::Refused;
  }
  auto created = print::BundleWriter::create(options.out, options.duplex, context->job.name);
  if (!created) {
    print_errors({created.error()});
    return CommandResult::Refused;
  }
  auto& bundle = *created;
  context->options.selection = options.selection;

  // 2. Render in parallel; add to the bundle in job order.
  size_t errors = 0;
  const auto unmatched = pipeline::stream_job_records<Result<render::RenderedPdf>>(
    *context, options.threads,
    [&](const job::Invoice& invoice) {
      const auto& creditor = *context->creditors.find(invoice.creditor);
      return pipeline::stream_renderer().render(invoice, creditor,
                                                letterhead_of(creditor, options.letterhead));
    },
    [&](const JobRecord& record, Result<render::RenderedPdf>* rendered) {
      if (rendered == nullptr) {
        ++errors;
        print_errors(record.problems);
        return;
      }
      if (!*rendered) {
        ++errors;
        print_errors({rendered->error()});
        return;
      }
      // Poppler replays the invoice with fonts of its own, one thread at a time: the bundle's
      // PdfFile holds the fonts lock while it is open (pdf/fonts_lock.hpp).
      auto added = bundle.add(std::move((*rendered)->bytes), record.label);
      if (!added) {
        ++errors;
        print_errors({added.error()});
      }
    });

  // An invoice asked for that the job does not have is said, not left out in silence.
  for (const auto& key : unmatched) {
    ++errors;
    print_errors({make_error(key.description() + " is not in this job's invoice files")});
  }

  // 3. Complete the file; say what is in it.
  if (auto finished = bundle.finish(); !finished) {
    print_errors({finished.error()});
    return CommandResult::Incomplete;
  }
  const int invoices = bundle.document_count();
  const int pages = bundle.page_count();
  std::printf("%s invoice%s, %s page%s: %s\n", text::group_thousands(invoices).c_str(),
              invoices == 1 ? "" : "s", text::group_thousands(pages).c_str(), pages == 1 ? "" : "s",
              options.out.c_str());
  if (errors > 0) {
    std::fprintf(stderr, "mailroom: %zu invoice%s left out of the bundle\n", errors,
                 errors == 1 ? "" : "s");
  }
  return errors == 0 ? CommandResult::Completed : CommandResult::Incomplete;
}

} // namespace mailroom::commands
