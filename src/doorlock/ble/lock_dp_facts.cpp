#include "doorlock/ble/lock_dp_facts.h"

#include <cstring>

#include "doorlock/json_build.h"

namespace doorlock::ble::lock_dp {

namespace {

// The replies of DP 70, 71 and 73 carry the request's host id and the lock's id swapped
// (slaveid | masterid) and then repeat the request from the check code on (§6.5).
constexpr EchoSpan kSetCheckCodeEcho[] = {{0, 2, 2}, {2, 0, 2}, {4, 4, 11}};  // srand, op, masterid_new
constexpr EchoSpan kUnlockCheckEcho[] = {{0, 2, 2}, {2, 0, 2}, {4, 4, 14}};   // srand, op, timestamp, open_meth
constexpr EchoSpan kRemoteSetKeyEcho[] = {{0, 2, 2}, {2, 0, 2}, {4, 4, 11}};  // srand, valid, member_id

// Where an opening is logged: DP 71 with open_meth 0 (the phone) in DP 19, any other method in
// DP 72 (§6.5); DP 6 is a phone opening; DP 61 logs DP 62 (phone) or 63 (voice).
constexpr uint8_t kUnlockCheckRecords[] = {19, 72};
constexpr uint8_t kBluetoothUnlockRecords[] = {19};
constexpr uint8_t kRemoteUnlockRecords[] = {62, 63};

// DP 1 reply stages (§6.3, §6b.3): 0x00 the start echoed, 0xFC running; 0xFD failed, 0xFE
// cancelled and 0xFF complete end the enrolment.
constexpr uint8_t kEnrolmentInterimStages[] = {0x00, 0xFC};

template <size_t N>
constexpr size_t count_of(const EchoSpan (&)[N]) {
  return N;
}
template <size_t N>
constexpr size_t count_of(const uint8_t (&)[N]) {
  return N;
}

#define DL_NO_ECHO nullptr, 0
#define DL_ECHO(table) table, count_of(table)
#define DL_NO_RECORDS nullptr, 0
#define DL_RECORDS(table) table, count_of(table)
#define DL_FINAL 0, nullptr, 0

// §6.1 (WR_ / OW_ rows with a layout in §6.3-§6.7). A reply DP is listed only where §6.3-§6.7
// give the lock's answer in that DP; settings rows without one are left to the caller's default.
constexpr CommandFacts kCommands[] = {
    {1, "createUnlockMethod", true, 1, false, DL_NO_ECHO, DL_NO_RECORDS, 1, kEnrolmentInterimStages,
     sizeof(kEnrolmentInterimStages)},
    {2, "deleteUnlockMethod", true, 2, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {3, "modifyUnlockMethod", true, 3, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {4, "freezeUnlockMethod", true, 0, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {5, "unfreezeUnlockMethod", true, 0, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {6, "bluetoothUnlock", true, 6, false, DL_NO_ECHO, DL_RECORDS(kBluetoothUnlockRecords), DL_FINAL},
    {35, "syncMethodsLegacy", false, 35, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {46, "manualLock", true, 0, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {49, "freezeMember", true, 0, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {50, "unfreezeMember", true, 0, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {51, "createTemporaryPassword", true, 51, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {52, "deleteTemporaryPassword", true, 52, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {53, "modifyTemporaryPassword", true, 53, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {54, "syncMethods", false, 54, true, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {60, "configureRemoteUnlock", true, 60, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {61, "remoteUnlock", true, 61, false, DL_NO_ECHO, DL_RECORDS(kRemoteUnlockRecords), DL_FINAL},
    {64, "setT0", true, 0, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {69, "getOfflineRecords", false, 0, false, DL_NO_ECHO, DL_NO_RECORDS, DL_FINAL},
    {70, "setCheckCode", true, 70, false, DL_ECHO(kSetCheckCodeEcho), DL_NO_RECORDS, DL_FINAL},
    {71, "unlockCheck", true, 71, false, DL_ECHO(kUnlockCheckEcho), DL_RECORDS(kUnlockCheckRecords), DL_FINAL},
    {73, "configureRemoteUnlockWithMaster", true, 73, false, DL_ECHO(kRemoteSetKeyEcho), DL_NO_RECORDS, DL_FINAL},
};

#undef DL_NO_ECHO
#undef DL_ECHO
#undef DL_NO_RECORDS
#undef DL_RECORDS
#undef DL_FINAL

// OR_LOG_OPEN_WITH_*: 12-19 (fingerprint ... Bluetooth), 55 temporary password, 62/63 remote
// phone/voice, 67 offline password, 72 the common record.
constexpr uint8_t kUnlockRecordDps[] = {12, 13, 14, 15, 16, 17, 18, 19, 55, 62, 63, 67, 72};

nlohmann::json byte_list(const uint8_t* values, size_t count) {
  nlohmann::json out = empty_array();
  for (size_t index = 0; index < count; ++index) out.push_back(values[index]);
  return out;
}

}  // namespace

const CommandFacts* command_facts(size_t& count) noexcept {
  count = sizeof(kCommands) / sizeof(kCommands[0]);
  return kCommands;
}

const CommandFacts* find_command(uint8_t dp) noexcept {
  for (const CommandFacts& facts : kCommands) {
    if (facts.dp == dp) return &facts;
  }
  return nullptr;
}

const uint8_t* unlock_record_dps(size_t& count) noexcept {
  count = sizeof(kUnlockRecordDps);
  return kUnlockRecordDps;
}

bool is_unlock_record(uint8_t dp) noexcept {
  for (const uint8_t record : kUnlockRecordDps) {
    if (record == dp) return true;
  }
  return false;
}

bool reply_is_final(uint8_t dp, const uint8_t* reply, size_t reply_size) noexcept {
  const CommandFacts* facts = find_command(dp);
  if (facts == nullptr || facts->interim_count == 0 || reply_size <= facts->interim_offset) return true;
  for (size_t index = 0; index < facts->interim_count; ++index) {
    if (reply[facts->interim_offset] == facts->interim_values[index]) return false;
  }
  return true;
}

std::optional<bool> reply_answers(uint8_t dp, const uint8_t* request, size_t request_size, const uint8_t* reply,
                                  size_t reply_size) noexcept {
  const CommandFacts* facts = find_command(dp);
  if (facts == nullptr || facts->echo_count == 0) return std::nullopt;
  for (size_t index = 0; index < facts->echo_count; ++index) {
    const EchoSpan& span = facts->echo[index];
    if (span.request_offset + span.size > request_size || span.reply_offset + span.size > reply_size) return false;
    if (std::memcmp(reply + span.reply_offset, request + span.request_offset, span.size) != 0) return false;
  }
  return true;
}

nlohmann::json facts_json() {
  nlohmann::json out = empty_object();
  nlohmann::json& commands = entry(out, "commands");
  commands = empty_array();
  for (const CommandFacts& facts : kCommands) {
    nlohmann::json& item = append_object(commands);
    entry(item, "dp") = facts.dp;
    entry(item, "name") = facts.name;
    entry(item, "changesLock") = facts.changes_lock;
    nlohmann::json& reply = entry(item, "replyDp");
    if (facts.reply_dp != 0) reply = facts.reply_dp;
    entry(item, "replyStreams") = facts.reply_streams;
    entry(item, "replyEchoes") = facts.echo_count != 0;
    entry(item, "records") = byte_list(facts.records, facts.record_count);
    nlohmann::json& interim = entry(item, "interimReply");
    if (facts.interim_count != 0) {
      entry(interim, "offset") = facts.interim_offset;
      entry(interim, "values") = byte_list(facts.interim_values, facts.interim_count);
    }
  }
  entry(out, "unlockRecordDps") = byte_list(kUnlockRecordDps, sizeof(kUnlockRecordDps));
  return out;
}

}  // namespace doorlock::ble::lock_dp
