// The example alerting rules (deploy/prometheus/alerts.yml, also shown in README.md): valid YAML
// of Prometheus's rule file structure, and every metric they name is one mailroom writes.
// promtool would check the expressions too, but Debian 12 ships it only inside the Prometheus
// server package (96 MB installed); the expressions are checked here for the names they use.

#include <engine/metrics/run_metrics.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <tests/metrics/exposition_check.hpp>
#include <tests/support/process.hpp>
#include <tests/support/temporary_folder.hpp>

#include <regex>
#include <set>

namespace mailroom::testing {
namespace {

// The rules file as JSON, read by PyYAML (Debian's python3-yaml), with each rule's fields checked
// against Prometheus's rule file format.
nlohmann::json read_rules(const std::filesystem::path& path) {
  const auto result = run_process(
    {"/usr/bin/python3", "-c",
     "import json, sys, yaml\n"
     "rules = yaml.safe_load(open(sys.argv[1]))\n"
     "assert set(rules) == {'groups'}, rules.keys()\n"
     "for group in rules['groups']:\n"
     "    assert set(group) <= {'name', 'interval', 'rules'} and group['name'], group\n"
     "    for rule in group['rules']:\n"
     "        assert set(rule) <= {'alert', 'expr', 'for', 'labels', 'annotations'}, rule\n"
     "        assert rule['alert'] and isinstance(rule['expr'], str), rule\n"
     "        assert rule['annotations']['summary'], rule\n"
     "print(json.dumps(rules))\n",
     path.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  return nlohmann::json::parse(result.out);
}

TEST(AlertRules, AreAPrometheusRuleFileNamingOnlyMetricsMailroomWrites) {
  const auto rules = read_rules(source_dir() / "deploy/prometheus/alerts.yml");
  // Every metric a finished, successful run with a mailbox writes.
  metrics::RunMetrics run("nightly", std::nullopt);
  pipeline::ReportEntry entry;
  entry.status = pipeline::InvoiceStatus::Sent;
  entry.mailbox = "acme";
  entry.send_seconds = {0.1};
  run.settled(entry);
  run.went_through();
  run.finish(0);
  const auto written = parse_exposition(run.exposition());
  std::set<std::string> alerts;
  static const std::regex metric_name(R"(\bmailroom_[a-z_]+)");
  for (const auto& group : rules["groups"]) {
    for (const auto& rule : group["rules"]) {
      alerts.insert(rule["alert"].get<std::string>());
      const auto expr = rule["expr"].get<std::string>();
      for (std::sregex_iterator it(expr.begin(), expr.end(), metric_name), end; it != end; ++it) {
        if (it->str() != "mailroom_job") { // The label, in on(...).
          EXPECT_TRUE(written.has(it->str())) << it->str() << " in " << expr;
        }
      }
      // The label mailroom writes, never Prometheus's own `job`.
      const auto summary = rule["annotations"]["summary"].get<std::string>();
      EXPECT_EQ(summary.find("$labels.job"), std::string::npos) << summary;
    }
  }
  EXPECT_TRUE(alerts.count("MailroomNightlyRunFailed"));
  EXPECT_TRUE(alerts.count("MailroomInvoicesUnknown"));
  EXPECT_TRUE(alerts.count("MailroomNoSuccessfulRun"));
}

TEST(AlertRules, TheReadmeShowsTheRulesFileAsItIs) {
  auto file = read_text(source_dir() / "deploy/prometheus/alerts.yml");
  file = file.substr(file.find("groups:"));
  EXPECT_NE(read_text(source_dir() / "README.md").find("```yaml\n" + file + "```"),
            std::string::npos);
}

} // namespace
} // namespace mailroom::testing
