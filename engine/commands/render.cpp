#include <engine/commands/commands.hpp>
#include <engine/commands/follow.hpp>
#include <engine/commands/load.hpp>
#include <engine/job/invoice_reader.hpp>
#include <engine/steps/routes.hpp>

#include <cstdio>
#include <system_error>

// `mailroom render`: the job's PDFs, written to a folder; nothing sent, nothing recorded.

namespace mailroom::commands {

CommandResult render(const std::filesystem::path& job_file, const std::filesystem::path& out,
                     const pipeline::RunOptions& options) {
  // 1. Read the job, its creditors and the letterheads it draws on; refuse it on any problem. Make
  //    the folder.
  auto context = load_or_refuse(job_file, {}, options.letterhead);
  if (!context) {
    return CommandResult::Refused;
  }
  context->options = options;
  context->render_folder = out;
  std::error_code error;
  std::filesystem::create_directories(out, error);
  if (error) {
    std::fprintf(stderr, "error: %s: cannot create the folder: %s\n", out.c_str(),
                 error.message().c_str());
    return CommandResult::Refused;
  }
  auto report = open_report(options);
  if (!report) {
    return refuse(report.error());
  }

  // 2. Render each invoice and write its PDF.
  context->counters.total = job::survey_job(context->job.invoice_files, options.limit,
                                            job::SurveyCreditors::No, options.selection)
                              .documents();
  pipeline::StreamOptions stream{options.threads, 1, options.limit, pipeline::OnStopRequest::GoOn};
  follow_journeys(*context, steps::k_render_route, stream,
                  report->has_value() ? &**report : nullptr);

  // 3. Say what was written.
  std::printf("%s; PDFs are in %s\n", pipeline::summary_line(context->counters).c_str(),
              out.c_str());
  if (!finish_report(*report, *context)) {
    return CommandResult::Incomplete;
  }
  return context->counters.failed == 0 ? CommandResult::Completed : CommandResult::Incomplete;
}

} // namespace mailroom::commands
