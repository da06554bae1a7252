#include "cli_support.hpp"

#include <engine/util/log.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace mailroom::cli {

namespace options = boost::program_options;

namespace {

// "auto", "bar", "plain", "json", "none" (--progress); none for anything else.
std::optional<pipeline::ProgressStyle> parse_progress(const std::string& text) {
  if (text == "auto") {
    return pipeline::ProgressStyle::Automatic;
  }
  if (text == "bar") {
    return pipeline::ProgressStyle::Bar;
  }
  if (text == "plain") {
    return pipeline::ProgressStyle::Plain;
  }
  if (text == "json") {
    return pipeline::ProgressStyle::Json;
  }
  if (text == "none") {
    return pipeline::ProgressStyle::None;
  }
  return std::nullopt;
}

} // namespace

int usage_error(const std::string& message) {
  std::fprintf(stderr, "mailroom: %s\nTry `mailroom --help`.\n", message.c_str());
  return exit_code(commands::CommandResult::Refused);
}

void parse(const std::vector<std::string>& arguments, const options::options_description& named,
           options::variables_map& values, const std::vector<std::string>& positional_names) {
  options::options_description all;
  all.add(named);
  options::positional_options_description positional;
  for (const auto& name : positional_names) {
    all.add_options()(name.c_str(), options::value<std::string>());
    positional.add(name.c_str(), 1);
  }
  options::store(options::command_line_parser(arguments).options(all).positional(positional).run(),
                 values);
  options::notify(values);
}

std::optional<time::Date> date_option(const options::variables_map& values, const char* name,
                                      std::string& problem) {
  if (!values.count(name)) {
    return std::nullopt;
  }
  const auto& text = values[name].as<std::string>();
  auto date = time::parse_date(text);
  if (!date) {
    problem = std::string("--") + name + " expects a date YYYY-MM-DD, got \"" + text + "\"";
    return std::nullopt;
  }
  return *date;
}

std::optional<pipeline::RunOptions> read_run_options(const options::variables_map& values,
                                                     int& refusal_code) {
  pipeline::RunOptions run;
  run.threads = values["threads"].as<unsigned>();
  if (values.count("limit")) {
    run.limit = values["limit"].as<size_t>();
  }
  const auto progress = parse_progress(values["progress"].as<std::string>());
  if (!progress) {
    refusal_code = usage_error("--progress takes auto, bar, plain, json or none");
    return std::nullopt;
  }
  run.progress = *progress;
  // JSON lines for log shippers: every line of the command, the progress's too (never the bar,
  // which redraws a line of a terminal).
  if (values.count("log-format")) {
    const auto& format = values["log-format"].as<std::string>();
    if (format != "text" && format != "json") {
      refusal_code = usage_error("--log-format takes text or json, got \"" + format + "\"");
      return std::nullopt;
    }
    log::set_format(format == "json" ? log::Format::Json : log::Format::Text);
    if (format == "json" && run.progress != pipeline::ProgressStyle::None) {
      run.progress = pipeline::ProgressStyle::Json;
    }
  }
  if (values.count("metrics")) {
    run.metrics = values["metrics"].as<std::string>();
  }
  if (values.count("report")) {
    run.report = values["report"].as<std::string>();
  }
  if (values.count("dry-run")) {
    run.sending = pipeline::Sending::DryRun;
  }
  if (values.count("resend")) {
    run.resending = pipeline::Resending::ResendSent;
  } else if (values.count("resend-unknown")) {
    run.resending = pipeline::Resending::ResendUnknown;
  }
  if (values.count("only")) {
    if (run.limit) {
      refusal_code = usage_error("give either --only or --limit, not both");
      return std::nullopt;
    }
    run.selection.emplace();
    for (const auto& text : values["only"].as<std::vector<std::string>>()) {
      auto key = job::parse_selection_key(text);
      if (!key) {
        refusal_code =
          usage_error("--only takes NUMBER or CREDITOR/NUMBER: " + key.error().message);
        return std::nullopt;
      }
      run.selection->add(std::move(*key));
    }
  }
  if (values.count("shard")) {
    const char* index = std::getenv("JOB_COMPLETION_INDEX");
    auto shard =
      job::parse_shard(values["shard"].as<std::string>(),
                       index != nullptr ? std::optional<std::string_view>(index) : std::nullopt);
    if (!shard) {
      refusal_code = usage_error(shard.error().message);
      return std::nullopt;
    }
    run.shard = *shard;
  }
  if (values.count("run-id")) {
    const auto& name = values["run-id"].as<std::string>();
    const bool printable = std::all_of(name.begin(), name.end(), [](unsigned char character) {
      return character >= 0x20 && character != 0x7f;
    });
    if (name.empty() || name.size() > 200 || !printable) {
      refusal_code =
        usage_error("--run-id takes a name of 1 to 200 characters without control characters");
      return std::nullopt;
    }
    run.run_id = name;
  }
  if (values.count("letterhead")) {
    const auto& choice = values["letterhead"].as<std::string>();
    if (choice == "on") {
      run.letterhead = pipeline::LetterheadChoice::Include;
    } else if (choice == "off") {
      run.letterhead = pipeline::LetterheadChoice::Omit;
    } else {
      refusal_code = usage_error("--letterhead takes on or off, got \"" + choice + "\"");
      return std::nullopt;
    }
  }
  return run;
}

} // namespace mailroom::cli
