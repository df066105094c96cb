#include "storage/sqlite/writer.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "storage/sqlite/migrations.hpp"

namespace lenzflow::storage::sqlite {
namespace {

using common::ErrorCode;
using common::MakeError;
using common::Status;

class WriterTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = std::filesystem::temp_directory_path() / "lenzflow-writer-XXXXXX";
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir_ = pattern;
        path_ = (dir_ / "writer.db").string();

        auto connection = Connection::Open(path_, OpenMode::kReadWrite);
        ASSERT_TRUE(connection.ok()) << connection.error().message;
        ASSERT_TRUE((*connection)->QueryText("PRAGMA journal_mode = WAL").ok());
        ASSERT_TRUE(ApplyMigrations(**connection, path_).ok());
        ASSERT_TRUE((*connection)->PrepareStatements().ok());
        writer_ = std::make_unique<Writer>(std::move(connection).value());
    }

    void TearDown() override {
        writer_.reset();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
    }

    // A workflow row with the given id; just something with a primary key to write.
    static Status InsertRow(Connection& db, const std::string& id) {
        return db.Execute("INSERT INTO workflows VALUES ('" + id +
                          "', 'n', 'n', '', 1, 'manual', '{}', '[]', 0, NULL, '{}')");
    }

    bool RowExists(const std::string& id) {
        auto connection = Connection::Open(path_, OpenMode::kReadOnly);
        if (!connection.ok()) throw std::runtime_error(connection.error().message);
        auto count =
            (*connection)->QueryText("SELECT COUNT(*) FROM workflows WHERE id = '" + id + "'");
        if (!count.ok()) throw std::runtime_error(count.error().message);
        return count->value_or("0") == "1";
    }

    std::filesystem::path dir_;
    std::string path_;
    std::unique_ptr<Writer> writer_;
};

// Holds the writer thread in a first batch until `queued` operations wait (and, if asked, until
// Close began), so those are certain to share the next batch.
class BatchGate {
public:
    BatchGate(Writer& writer, size_t queued, bool until_closing = false)
        : writer_(writer), queued_(queued), until_closing_(until_closing) {}

    Status operator()(Connection&) {
        started_ = true;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (writer_.QueuedForTesting() < queued_ ||
               (until_closing_ && !writer_.ClosingForTesting())) {
            if (std::chrono::steady_clock::now() > deadline) {
                return MakeError(ErrorCode::kTimeout, "operations never queued");
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        return Status::Ok();
    }

    bool started() const { return started_.load(); }

private:
    Writer& writer_;
    size_t queued_;
    bool until_closing_;
    std::atomic<bool> started_ = false;
};

TEST_F(WriterTest, FailedOperationRollsBackOnlyItselfWithinTheBatch) {
    constexpr int kGood = 6;
    BatchGate gate(*writer_, kGood + 2);
    Status gate_result;
    std::thread holder([&] { gate_result = writer_->Submit(gate); });
    while (!gate.started()) std::this_thread::yield();
    const uint64_t batches_before = writer_->BatchCountForTesting();

    std::vector<Status> good(kGood);
    Status failed;
    Status thrown;
    std::vector<std::thread> submitters;
    for (int i = 0; i < kGood; ++i) {
        submitters.emplace_back([&, i] {
            good[i] = writer_->Submit(
                [&](Connection& db) { return InsertRow(db, "good-" + std::to_string(i)); });
        });
    }
    submitters.emplace_back([&] {
        failed = writer_->Submit([&](Connection& db) -> Status {
            if (Status inserted = InsertRow(db, "failed"); !inserted.ok()) return inserted;
            return MakeError(ErrorCode::kConflict, "changed my mind");
        });
    });
    submitters.emplace_back([&] {
        thrown = writer_->Submit([&](Connection& db) -> Status {
            if (Status inserted = InsertRow(db, "thrown"); !inserted.ok()) return inserted;
            throw std::runtime_error("bug");
        });
    });
    for (std::thread& submitter : submitters) submitter.join();
    holder.join();

    ASSERT_TRUE(gate_result.ok()) << gate_result.error().message;
    EXPECT_EQ(writer_->BatchCountForTesting() - batches_before, 1u);
    for (int i = 0; i < kGood; ++i) {
        EXPECT_TRUE(good[i].ok()) << i;
        EXPECT_TRUE(RowExists("good-" + std::to_string(i))) << i;
    }
    ASSERT_FALSE(failed.ok());
    EXPECT_EQ(failed.error().code, ErrorCode::kConflict);
    EXPECT_EQ(failed.error().message, "changed my mind");
    EXPECT_FALSE(RowExists("failed"));
    ASSERT_FALSE(thrown.ok());
    EXPECT_EQ(thrown.error().code, ErrorCode::kInternal);
    EXPECT_FALSE(RowExists("thrown"));
}

TEST_F(WriterTest, ConstraintViolationFailsOnlyTheDuplicate) {
    ASSERT_TRUE(writer_->Submit([](Connection& db) { return InsertRow(db, "taken"); }).ok());

    Status duplicate = writer_->Submit([](Connection& db) -> Status {
        if (Status inserted = InsertRow(db, "fresh"); !inserted.ok()) return inserted;
        return InsertRow(db, "taken");
    });
    Status after = writer_->Submit([](Connection& db) { return InsertRow(db, "after"); });

    ASSERT_FALSE(duplicate.ok());
    EXPECT_NE(duplicate.error().message.find("UNIQUE"), std::string::npos);
    EXPECT_FALSE(RowExists("fresh"));
    EXPECT_TRUE(after.ok());
    EXPECT_TRUE(RowExists("after"));
}

TEST_F(WriterTest, CloseRunsQueuedOperationsThenRefusesNewOnes) {
    BatchGate gate(*writer_, 3, /*until_closing=*/true);
    Status gate_result;
    std::thread holder([&] { gate_result = writer_->Submit(gate); });
    while (!gate.started()) std::this_thread::yield();
    std::vector<Status> queued(3);
    std::vector<std::thread> submitters;
    for (int i = 0; i < 3; ++i) {
        submitters.emplace_back([&, i] {
            queued[i] = writer_->Submit(
                [&](Connection& db) { return InsertRow(db, "queued-" + std::to_string(i)); });
        });
    }
    while (writer_->QueuedForTesting() < 3) std::this_thread::yield();

    writer_->Close();
    for (std::thread& submitter : submitters) submitter.join();
    holder.join();
    Status late = writer_->Submit([](Connection& db) { return InsertRow(db, "late"); });

    EXPECT_TRUE(gate_result.ok());
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(queued[i].ok()) << i;
        EXPECT_TRUE(RowExists("queued-" + std::to_string(i))) << i;
    }
    ASSERT_FALSE(late.ok());
    EXPECT_EQ(late.error().code, ErrorCode::kUnavailable);
    EXPECT_FALSE(RowExists("late"));
}

}  // namespace
}  // namespace lenzflow::storage::sqlite
