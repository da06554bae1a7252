#include <engine/util/result.hpp>

#include <gtest/gtest.h>

#include <memory>
#include <string>

namespace mailroom {
namespace {

TEST(ErrorToString, WritesFileLineFieldAndMessage) {
  const Error error =
    make_error("must not be negative", Location{"in.jsonl", 12, "lines[2].quantity"});
  EXPECT_EQ(error.to_string(), "in.jsonl:12: lines[2].quantity: must not be negative");
}

TEST(ErrorToString, LeavesOutTheLineWhenItIsZero) {
  const Error error = make_error("cannot open file", Location{"jobs/demo.toml", 0, ""});
  EXPECT_EQ(error.to_string(), "jobs/demo.toml: cannot open file");
}

TEST(ErrorToString, LeavesOutTheFieldWhenItIsEmpty) {
  const Error error = make_error("not valid JSON", Location{"a.jsonl", 3, ""});
  EXPECT_EQ(error.to_string(), "a.jsonl:3: not valid JSON");
}

TEST(ErrorToString, FieldWithoutFile) {
  const Error error = make_error("expected a date", Location{"", 0, "due_date"});
  EXPECT_EQ(error.to_string(), "due_date: expected a date");
}

TEST(ErrorToString, MessageAloneWhenNothingIsKnown) {
  EXPECT_EQ(make_error("out of memory").to_string(), "out of memory");
}

TEST(ErrorToString, LineWithoutFileIsLeftOut) {
  // A line number means nothing without its file.
  const Error error = make_error("bad", Location{"", 7, "x"});
  EXPECT_EQ(error.to_string(), "x: bad");
}

TEST(MakeError, KeepsMessageAndLocation) {
  const Error error = make_error("message", Location{"file", 4, "field"});
  EXPECT_EQ(error.message, "message");
  EXPECT_EQ(error.location.file, "file");
  EXPECT_EQ(error.location.line, 4);
  EXPECT_EQ(error.location.field, "field");
}

TEST(ResultTest, HoldsAValue) {
  Result<int> result(42);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result.value(), 42);
  EXPECT_EQ(*result, 42);
}

TEST(ResultTest, HoldsAnError) {
  Result<int> result(make_error("nope", Location{"f", 1, ""}));
  ASSERT_FALSE(result.has_value());
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.error().message, "nope");
  EXPECT_EQ(result.error().location.file, "f");
}

TEST(ResultTest, ArrowReachesMembers) {
  Result<std::string> result(std::string("hello"));
  EXPECT_EQ(result->size(), 5U);
  result->append("!");
  EXPECT_EQ(*result, "hello!");
}

TEST(ResultTest, MovesOutMoveOnlyValues) {
  Result<std::unique_ptr<int>> result(std::make_unique<int>(7));
  std::unique_ptr<int> taken = std::move(result).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 7);
}

TEST(ResultTest, StatusOk) {
  Status status = Ok{};
  EXPECT_TRUE(status.has_value());
}

Result<int> half_of(int number) {
  if (number % 2 != 0) {
    return make_error("odd: " + std::to_string(number), Location{"", 0, "number"});
  }
  return number / 2;
}

Result<int> quarter_of(int number) {
  const int half = TRY(half_of(number));
  const int quarter = TRY(half_of(half));
  return quarter;
}

TEST(TryMacro, YieldsTheValueOnSuccess) {
  const auto result = quarter_of(12);
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(*result, 3);
}

TEST(TryMacro, PropagatesTheFirstError) {
  const auto first = quarter_of(7);
  ASSERT_FALSE(first.has_value());
  EXPECT_EQ(first.error().message, "odd: 7");
  EXPECT_EQ(first.error().location.field, "number");

  // 10 halves to 5, which is odd: the error of the second step comes through.
  const auto second = quarter_of(10);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().message, "odd: 5");
}

Status check_positive(int number) {
  if (number <= 0) {
    return make_error("not positive");
  }
  return Ok{};
}

Status check_both(int first, int second) {
  TRY(check_positive(first));
  TRY(check_positive(second));
  return Ok{};
}

TEST(TryMacro, WorksWithStatus) {
  EXPECT_TRUE(check_both(1, 2).has_value());
  const auto failed = check_both(1, -2);
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().message, "not positive");
}

TEST(Checked, HoldsTheValueAndNoProblems) {
  const Checked<int> read(42);
  ASSERT_TRUE(read);
  EXPECT_EQ(*read, 42);
  EXPECT_TRUE(read.problems().empty());
}

TEST(Checked, HoldsEveryProblemInOrderAndNoValue) {
  const Checked<int> refused(std::vector<Error>{make_error("first", Location{"job.toml", 2}),
                                                make_error("second", Location{"job.toml", 5})});
  ASSERT_FALSE(refused);
  ASSERT_EQ(refused.problems().size(), 2u);
  EXPECT_EQ(refused.error().to_string(), "job.toml:2: first");
  EXPECT_EQ(refused.problems()[1].to_string(), "job.toml:5: second");
}

TEST(Checked, NoValueAndNoProblemIsAProblemItself) {
  const Checked<int> empty(std::vector<Error>{});
  ASSERT_FALSE(empty);
  ASSERT_EQ(empty.problems().size(), 1u);
  EXPECT_NE(empty.error().message.find("no problem was found"), std::string::npos);
}

} // namespace
} // namespace mailroom
