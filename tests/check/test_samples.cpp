// The folder of approved samples: checking against it and updating it.

#include "drawn_pdf.hpp"

#include <engine/check/samples.hpp>

#include <gtest/gtest.h>
#include <tests/support/temporary_folder.hpp>

namespace mailroom::check {
namespace {

using testing::draw_pdf;
using testing::read_text;
using testing::TemporaryFolder;

TEST(Samples, AnInvoiceWithoutASampleIsReportedAsMissing) {
  TemporaryFolder folder;
  const SampleFolder samples(folder.path());
  const auto outcome = samples.check("2026-1", draw_pdf({{{"x"}}}), {}, std::nullopt);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->verdict, SampleVerdict::MissingSample);
  EXPECT_EQ(outcome->to_string(), "missing sample");
}

TEST(Samples, UpdateWritesTheSampleThenLeavesItAlone) {
  TemporaryFolder folder;
  const SampleFolder samples(folder / "samples");
  const auto pdf = draw_pdf({{{"Factuur 2026-1"}}});
  auto outcome = samples.update("2026-1", pdf);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().to_string();
  EXPECT_EQ(outcome->to_string(), "updated");
  EXPECT_EQ(read_text(folder / "samples/2026-1.pdf"), pdf);
  outcome = samples.update("2026-1", pdf);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->to_string(), "unchanged");
  outcome = samples.check("2026-1", pdf, {}, std::nullopt);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->to_string(), "match");
}

TEST(Samples, ADifferenceWritesOneDiffImagePerDifferingPage) {
  TemporaryFolder folder;
  const SampleFolder samples(folder / "samples");
  ASSERT_TRUE(samples.update("2026-1", draw_pdf({{{"same"}}, {{"Totaal € 5,00"}}})).has_value());
  const auto outcome =
    samples.check("2026-1", draw_pdf({{{"same"}}, {{"Totaal € 5,01"}}}), {}, folder / "diff");
  ASSERT_TRUE(outcome.has_value()) << outcome.error().to_string();
  EXPECT_EQ(outcome->verdict, SampleVerdict::Differs);
  EXPECT_EQ(outcome->to_string().rfind("differs: text on page 2: expected \"€ 5,00\", got "
                                       "\"€ 5,01\"",
                                       0),
            0u)
    << outcome->to_string();
  EXPECT_TRUE(std::filesystem::exists(folder / "diff/2026-1-page2.png"));
  EXPECT_FALSE(std::filesystem::exists(folder / "diff/2026-1-page1.png"));
  EXPECT_EQ(read_text(folder / "diff/2026-1-page2.png").substr(1, 3), "PNG");
}

TEST(Samples, ANumberThatCannotBeAFileNameIsAnError) {
  TemporaryFolder folder;
  const SampleFolder samples(folder.path());
  EXPECT_FALSE(samples.update("..", "x").has_value());
  EXPECT_FALSE(samples.sample_path("a/b").has_value());
}

} // namespace
} // namespace mailroom::check
