// The lock-DP facts table against ble-protocol.md: §6.1's DP table (read from the reference when
// it is present, and as a hand transcription of its rows otherwise) and §6.5's reply layouts,
// whose bytes are written out here by hand.
#include <cctype>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "doorlock/ble/lock_dp_facts.h"
#include "test_support.h"

using namespace doorlock;
using namespace doorlock::ble::lock_dp;
using test::hex;

namespace {

// DP id -> SDK constant, one entry per DP of §6.1 (ranges and "a / b" rows expanded by hand).
const std::map<int, std::string> kSection61 = {
    {1, "WR_BSC_OPEN_METH_CREATE"},
    {2, "WR_BSC_OPEN_METH_DELETE"},
    {3, "WR_BSC_OPEN_METH_MODIFY"},
    {4, "WR_BSC_OPEN_METH_FREEZE"},
    {5, "WR_BSC_OPEN_METH_UNFREEZE"},
    {6, "OW_BSC_OPEN_WITH_BT"},
    {8, "OR_STS_BATTERY_PERCENT"},
    {9, "OR_STS_BATTERY_POSITION"},
    {12, "OR_LOG_OPEN_WITH_FINGER"},
    {13, "OR_LOG_OPEN_WITH_PW"},
    {14, "OR_LOG_OPEN_WITH_DYNAMIC_PW"},
    {15, "OR_LOG_OPEN_WITH_CARD"},
    {16, "OR_LOG_OPEN_WITH_KEY"},
    {17, "OR_LOG_OPEN_WITH_"},
    {18, "OR_LOG_OPEN_WITH_"},
    {19, "OR_LOG_OPEN_WITH_BT"},
    {21, "OR_LOG_ALARM_REASON"},
    {22, "OR_LOG_ALARM_HIJACK"},
    {24, "OR_STS_DOORBELL_RING"},
    {25, "WR_SET_*"},
    {26, "WR_SET_*"},
    {27, "WR_SET_*"},
    {28, "WR_SET_*"},
    {29, "WR_SET_*"},
    {30, "WR_SET_*"},
    {31, "WR_SET_*"},
    {33, "WR_SET_AUTO_LOCK_SWITCH"},
    {35, "WR_BSC_OPEN_METH_SYNC"},
    {36, "WR_SET_TIMER_LOCK"},
    {37, "WR_SET_TIMER_AUTO_LOCK"},
    {46, "WR_SET_HAND_LOCK"},
    {47, "OR_STS_LOCK_STATE"},
    {49, "WR_SET_USER_FREEZE"},
    {50, "WR_SET_USER_UNFREEZE"},
    {51, "WR_BSC_TEMP_PW_CREAT"},
    {52, "WR_BSC_TEMP_PW_DELETE"},
    {53, "WR_BSC_TEMP_PW_MODIFY"},
    {54, "WR_BSC_OPEN_METH_SYNC_NEW"},
    {55, "OR_LOG_OPEN_WITH_TMP_PWD"},
    {59, "WR_BSC_GUIDE_PAGE"},
    {60, "WR_BSC_OPEN_WITH_NOPWD_REMOTE_SETKEY"},
    {61, "WR_BSC_OPEN_WITH_NOPWD_REMOTE"},
    {62, "OR_LOG_OPEN_WITH_REMOTE_PHONE"},
    {63, "OR_LOG_OPEN_WITH_REMOTE_VOICE"},
    {64, "WR_BSC_SET_T0"},
    {65, "OR_LOG_ALARM_OFFLINE_PWD_CLEAR_SINGLE"},
    {66, "OR_LOG_ALARM_OFFLINE_PWD_CLEAR_ALL"},
    {67, "OR_LOG_OPEN_WITH_OFFLINE_PWD"},
    {69, "OR_BSC_GET_OFFLINE_RECORD"},
    {70, "WR_BSC_SET_MASTER_SRAND_NUM"},
    {71, "WR_BSC_OPEN_WITH_MASTER"},
    {72, "OR_LOG_OPEN_WITH_COMMON"},
    {73, "WR_BSC_OPEN_WITH_REMOTE_SETKEY"},
};

bool starts_with(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

// §6.1 as the reference writes it: DP cell -> SDK constant cell, with "a / b" and "a-b" expanded and
// "`X_A` / `_B`" read as X_B.
std::map<int, std::string> read_section_61(const std::string& markdown) {
  std::map<int, std::string> rows;
  const size_t start = markdown.find("### 6.1 DP id table");
  const size_t end = markdown.find("### 6.2", start);
  if (start == std::string::npos || end == std::string::npos) return rows;
  std::istringstream lines(markdown.substr(start, end - start));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() < 3 || line[0] != '|') continue;
    std::vector<std::string> cells;
    std::string cell;
    for (size_t index = 1; index < line.size(); ++index) {
      if (line[index] == '|') {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += line[index];
      }
    }
    if (cells.size() < 2) continue;
    std::vector<int> ids;
    std::string number;
    bool range = false;
    for (char c : cells[0] + " ") {
      if (std::isdigit(static_cast<unsigned char>(c))) {
        number += c;
      } else {
        if (!number.empty()) {
          const int value = std::stoi(number);
          if (range && !ids.empty()) {
            for (int id = ids.back() + 1; id <= value; ++id) ids.push_back(id);
          } else {
            ids.push_back(value);
          }
          number.clear();
          range = false;
        }
        if (c == '-') range = true;
      }
    }
    if (ids.empty()) continue;
    std::vector<std::string> names;
    size_t open = cells[1].find('`');
    while (open != std::string::npos) {
      const size_t close = cells[1].find('`', open + 1);
      if (close == std::string::npos) break;
      std::string name = cells[1].substr(open + 1, close - open - 1);
      if (!names.empty() && starts_with(name, "_")) {
        const std::string& previous = names.back();
        name = previous.substr(0, previous.rfind('_')) + name;
      }
      names.push_back(name);
      open = cells[1].find('`', close + 1);
    }
    if (names.empty()) continue;
    for (size_t index = 0; index < ids.size(); ++index) {
      // A range row names its family once ("OR_LOG_OPEN_WITH_FINGER/PW/…/BT").
      rows[ids[index]] = names.size() == ids.size() ? names[index] : names[0];
    }
  }
  return rows;
}

void check_against(const std::map<int, std::string>& table) {
  size_t count = 0;
  const CommandFacts* commands = command_facts(count);
  for (size_t index = 0; index < count; ++index) {
    INFO("DP " << int(commands[index].dp));
    const auto row = table.find(commands[index].dp);
    REQUIRE(row != table.end());
    // An app writes only WR_ (write + report) and OW_ (write only) DPs; DP 69 is the exception the
    // spec names: written to ask for records (§6.5, "DP 69 (get records)").
    if (commands[index].dp != 69) CHECK((starts_with(row->second, "WR_") || starts_with(row->second, "OW_")));
    CHECK_FALSE(is_unlock_record(commands[index].dp));
    for (size_t record = 0; record < commands[index].record_count; ++record) {
      CHECK(is_unlock_record(commands[index].records[record]));
    }
  }
  for (const auto& [dp, name] : table) {
    INFO("DP " << dp << " " << name);
    CHECK(is_unlock_record(static_cast<uint8_t>(dp)) == starts_with(name, "OR_LOG_OPEN_WITH"));
  }
  // Every DP §6.1 sets in bold (the ones this SDK writes) is known.
  for (int dp : {51, 52, 53, 54, 60, 61, 64, 70, 71, 73}) CHECK(find_command(static_cast<uint8_t>(dp)) != nullptr);
}

}  // namespace

TEST_CASE("lock DP facts: commands and unlock records agree with §6.1 (transcribed)") {
  check_against(kSection61);
  size_t records = 0;
  unlock_record_dps(records);
  CHECK(records == 13);
}

TEST_CASE("lock DP facts: commands and unlock records agree with §6.1 (read from ble-protocol.md)") {
  std::ifstream file(std::string(DOORLOCK_REFERENCE_DIR) + "/ble-protocol.md");
  if (!file) {
    WARN("ble-protocol.md is not at " DOORLOCK_REFERENCE_DIR "; the transcribed table is checked instead");
    return;
  }
  std::stringstream text;
  text << file.rdbuf();
  const auto table = read_section_61(text.str());
  // The reading itself: the rows the transcription holds are the rows of the document.
  CHECK(table.size() == kSection61.size());
  for (const auto& [dp, name] : kSection61) {
    INFO("DP " << dp);
    REQUIRE(table.count(dp) == 1);
    if (dp >= 12 && dp <= 19) {
      CHECK(starts_with(table.at(dp), "OR_LOG_OPEN_WITH_"));  // one row names the family once
    } else {
      CHECK(table.at(dp) == name);
    }
  }
  check_against(table);
}

TEST_CASE("lock DP facts: where each command is answered and whether it changes the lock (§6.3-§6.7)") {
  struct Expected {
    int dp;
    int reply_dp;
    bool changes;
  };
  // Replies in the same DP per §6.3 (1/2/3), §6.4 (51/52/53), §6.5 (6, 60, 61, 70, 71, 73),
  // §6.7 (35, 54); DP 64 has no reply layout; DP 54 and 35 only read.
  for (const Expected& expected :
       {Expected{1, 1, true}, Expected{2, 2, true}, Expected{3, 3, true}, Expected{6, 6, true}, Expected{35, 35, false},
        Expected{51, 51, true}, Expected{52, 52, true}, Expected{53, 53, true}, Expected{54, 54, false},
        Expected{60, 60, true}, Expected{61, 61, true}, Expected{64, 0, true}, Expected{70, 70, true},
        Expected{71, 71, true}, Expected{73, 73, true}}) {
    INFO("DP " << expected.dp);
    const CommandFacts* facts = find_command(static_cast<uint8_t>(expected.dp));
    REQUIRE(facts != nullptr);
    CHECK(facts->reply_dp == expected.reply_dp);
    CHECK(facts->changes_lock == expected.changes);
  }
  CHECK(find_command(54)->reply_streams);
  CHECK(find_command(7) == nullptr);
  const CommandFacts* unlock = find_command(71);
  REQUIRE(unlock->record_count == 2);
  CHECK(unlock->records[0] == 19);
  CHECK(unlock->records[1] == 72);
}

TEST_CASE("lock DP facts: a DP 71 reply answers only the request it repeats (§6.5)") {
  // Request: ffff | 0001 | "12345678" | 01 | 6553f100 | 00 | 01 (§5's worked example).
  const Bytes request = hex("ffff00013132333435363738016553f1000001");
  // Reply: ids swapped, then srand, op, timestamp, open_meth, result 00.
  const Bytes reply = hex("0001ffff3132333435363738016553f1000000");
  auto answers = [&](const Bytes& candidate) {
    return reply_answers(71, request.data(), request.size(), candidate.data(), candidate.size());
  };
  CHECK(answers(reply) == std::optional<bool>(true));
  CHECK(answers(hex("0001ffff3132333435363738016553f1000004")) == std::optional<bool>(true));  // refused, still its own
  CHECK(answers(hex("0001ffff3837363534333231016553f1000004")) == std::optional<bool>(false));  // other check code
  CHECK(answers(hex("0001ffff3132333435363738006553f1000000")) == std::optional<bool>(false));  // a lock command
  CHECK(answers(hex("0001ffff3132333435363738016553f1010000")) == std::optional<bool>(false));  // another second
  CHECK(answers(hex("ffff00013132333435363738016553f1000000")) == std::optional<bool>(false));  // ids not swapped
  CHECK(answers(hex("0001ffff31323334353637380165")) == std::optional<bool>(false));            // too short
  // DP 51 replies repeat nothing: hard_id | result.
  const Bytes create = hex("01386cd30072bc9b7f00000000000000173b0006010203040506");
  const Bytes created = hex("0300");
  CHECK_FALSE(reply_answers(51, create.data(), create.size(), created.data(), created.size()).has_value());
}

TEST_CASE("lock DP facts: a DP 70 reply repeats the ids swapped, the code, the operation and the new host (§6.5)") {
  // ffff | 0001 | "12345678" | 00 | ffff | "87654321"
  const Bytes request = hex("ffff0001313233343536373800ffff3837363534333231");
  const Bytes reply = hex("0001ffff313233343536373800ffff00");
  CHECK(reply_answers(70, request.data(), request.size(), reply.data(), reply.size()) == std::optional<bool>(true));
  const Bytes other = hex("0001ffff313233343536373801ffff00");  // a delete
  CHECK(reply_answers(70, request.data(), request.size(), other.data(), other.size()) == std::optional<bool>(false));
}

TEST_CASE("lock DP facts: a DP 73 reply repeats the ids swapped, the code, valid and the member (§6.5)") {
  // ffff | 0001 | "12345678" | valid 01 | member 0002 | begin | end | valid_num | password[8]
  const Bytes request = hex("ffff000131323334353637380100026553f1006553ff10000a3132333435363738");
  const Bytes reply =
      hex("0001ffff3132333435363738010002"
          "00");
  CHECK(reply_answers(73, request.data(), request.size(), reply.data(), reply.size()) == std::optional<bool>(true));
  const Bytes other =
      hex("0001ffff3132333435363738010003"
          "00");  // another member
  CHECK(reply_answers(73, request.data(), request.size(), other.data(), other.size()) == std::optional<bool>(false));
}

TEST_CASE("lock DP facts: a DP 1 enrolment answers in stages; only the last one ends it (§6.3, §6b.3)") {
  // meth, stage, admin, member, hard_id, reg_num, result
  const auto final_stage = [](const char* wire) {
    const Bytes reply = hex(wire);
    return reply_is_final(1, reply.data(), reply.size());
  };
  CHECK_FALSE(final_stage("01000004ff0000"));  // the start echoed
  CHECK_FALSE(final_stage("03fc0000050100"));  // running (a fingerprint's first press)
  CHECK(final_stage("01ff0004000000"));        // complete
  CHECK(final_stage("01fd000400ff02"));        // failed
  CHECK(final_stage("01fe000400ff00"));        // cancelled
  const Bytes created = hex("0300");
  CHECK(reply_is_final(51, created.data(), created.size()));
}

TEST_CASE("lock DP facts: the host's JSON view") {
  const nlohmann::json facts = facts_json();
  REQUIRE(facts["commands"].is_array());
  const auto& commands = facts["commands"];
  auto find = [&](int dp) {
    for (const auto& item : commands) {
      if (item["dp"] == dp) return item;
    }
    return nlohmann::json();
  };
  CHECK(find(71)["replyDp"] == 71);
  CHECK(find(71)["replyEchoes"] == true);
  CHECK(find(71)["records"] == nlohmann::json::array({19, 72}));
  CHECK(find(64)["replyDp"].is_null());
  CHECK(find(51)["replyEchoes"] == false);
  CHECK(find(54)["changesLock"] == false);
  CHECK(find(1)["interimReply"] == nlohmann::json({{"offset", 1}, {"values", {0, 252}}}));
  CHECK(find(51)["interimReply"].is_null());
  CHECK(facts["unlockRecordDps"] == nlohmann::json::array({12, 13, 14, 15, 16, 17, 18, 19, 55, 62, 63, 67, 72}));
}
