#include "lock_dp_handlers.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "doorlock/error.h"
#include "doorlock/schedule/validity_block.h"

namespace doorlock::sim {

namespace {

using ble::lock_dp::Message;
using nlohmann::json;

// Enrolment stages and failure reasons of DP 1 (ble-protocol.md §6.3).
constexpr uint8_t kStageStart = 0x00;
constexpr uint8_t kStageFailed = 0xFD;
constexpr uint8_t kStageComplete = 0xFF;
constexpr uint8_t kFailed = 1;
constexpr uint8_t kDuplicate = 2;
constexpr uint8_t kNoHardIdLeft = 3;
constexpr uint8_t kBadPasswordLength = 5;
constexpr uint8_t kBadMethod = 6;
// How many times each method must be presented to enrol (the reply's reg_num).
constexpr uint8_t kFingerprintPresses = 4;

// Keypad locks take PINs of 6 to 10 digits; the app's codec allows 1..10, the lock is stricter.
constexpr size_t kMinPinDigits = 6;
constexpr size_t kMaxPinDigits = 10;

constexpr uint8_t kTemporaryOk = 0;
constexpr uint8_t kTemporaryFailed = 1;
constexpr uint8_t kTemporaryNoHardId = 2;

// DP 70/71 results (S4 set_master_srand_num_handler, open_with_master_handler).
constexpr uint8_t kCodeOk = 0;
constexpr uint8_t kCodeBadMaster = 2;
constexpr uint8_t kCodeSlaveMismatch = 3;
constexpr uint8_t kCodeMismatch = 4;
constexpr uint8_t kCodeBadOperation = 5;
constexpr uint8_t kCodeStorageFull = 6;
constexpr uint8_t kCodeNotFound = 7;
constexpr uint16_t kAppMasterId = 0xFFFF;
constexpr size_t kSetCheckCodeSize = 23;
constexpr size_t kUnlockOperationOffset = 12;

// DP 61 results.
constexpr uint8_t kRemoteOk = 0;
constexpr uint8_t kRemoteNotConfigured = 2;
constexpr uint8_t kRemoteNoUses = 3;
constexpr uint8_t kRemoteOutsideWindow = 4;
constexpr uint8_t kRemoteWrongPassword = 5;

// DP 54: the lock answers at most 20 methods per package; unlock-method types are 1..5.
constexpr size_t kMethodsPerPackage = 20;
constexpr uint8_t kSyncTypeLimit = 6;

bool fitting(const LockContext& context) {
  return context.dp_options.layout == ble::lock_dp::TemporaryPasswordLayout::Fitting;
}

bool is_temporary(Message message) {
  return message == Message::CreateTemporaryPassword || message == Message::DeleteTemporaryPassword ||
         message == Message::ModifyTemporaryPassword;
}

class Handler {
 public:
  Handler(LockStore& store, LockContext& context, DpOutcome& outcome)
      : store_(store), context_(context), outcome_(outcome) {}

  void handle(const ble::Dp& dp) {
    if (dp.id == kDpManualLock) return manual_lock(dp);
    if (dp.id == kDpFetchRecords) return fetch_records();
    const std::optional<Message> message = ble::lock_dp::message_for_dp(dp.id);
    if (!message) return problem("DP " + std::to_string(dp.id) + " is not served by this lock");
    json request;
    try {
      request = ble::lock_dp::decode_request(*message, dp.value.data(), dp.value.size(), context_.dp_options);
    } catch (const Error& error) {
      return unreadable(*message, dp, error);
    }
    switch (*message) {
      case Message::CreateUnlockMethod: return create_method(request);
      case Message::DeleteUnlockMethod: return delete_method(request);
      case Message::ModifyUnlockMethod: return modify_method(request);
      case Message::CreateTemporaryPassword: return create_temporary(request);
      case Message::DeleteTemporaryPassword: return delete_temporary(request);
      case Message::ModifyTemporaryPassword: return modify_temporary(request);
      case Message::SyncMethods: return sync_methods(request);
      case Message::RemoteUnlockConfig: return configure_remote(request);
      case Message::RemoteUnlock: return remote_unlock(request);
      case Message::SetT0: return store_.set_t0(request["activeTime"].get<uint32_t>());
      case Message::SetCheckCode: return set_check_code(request, dp.value.size());
      case Message::UnlockCheck: return unlock_check(request, dp.value);
    }
  }

 private:
  // ---- replies and records ----

  void reply(Message message, json fields) {
    if (fitting(context_) && is_temporary(message)) fields["slaveId"] = context_.slave_id;
    Report report;
    report.dps.push_back(ble::Dp::raw(ble::lock_dp::dp_id(message),
                                      ble::lock_dp::encode_reply(message, fields, context_.dp_options)));
    outcome_.reports.push_back(std::move(report));
  }

  void record(const char* method, uint8_t dp, ble::Dp value, uint32_t id) {
    LogEntry entry;
    entry.time = context_.now;
    entry.event = "unlock";
    entry.method = method;
    entry.record_dp = dp;
    entry.id = id;
    entry.record_type = static_cast<uint8_t>(value.type);
    entry.record = value.value;
    store_.log().push_back(std::move(entry));
    Report report;
    report.dps.push_back(std::move(value));
    report.with_time = true;
    report.time = context_.now;
    report.log_index = store_.log().size() - 1;
    outcome_.reports.push_back(std::move(report));
  }

  void problem(std::string text) { outcome_.problems.push_back(std::move(text)); }

  // A request the codec cannot read. A real lock copies whatever arrived into its struct; here the
  // replies that need no request field say "failed", the others are left out.
  void unreadable(Message message, const ble::Dp& dp, const Error& error) {
    problem(std::string(ble::lock_dp::message_name(message)) + ": " + error.message());
    switch (message) {
      case Message::CreateTemporaryPassword:
        return reply(message, {{"hardId", kNoHardId}, {"result", kTemporaryFailed}});
      case Message::DeleteTemporaryPassword:
      case Message::ModifyTemporaryPassword:
        if (!dp.value.empty()) {
          const uint8_t hard_id = fitting(context_) ? (dp.value.size() > 2 ? dp.value[2] : kNoHardId) : dp.value[0];
          return reply(message, {{"hardId", hard_id}, {"result", kTemporaryFailed}});
        }
        return;
      default: return;
    }
  }

  // ---- field helpers ----

  static Bytes digits_of(const json& request) {
    Bytes digits;
    if (const auto it = request.find("password"); it != request.end()) {
      for (char c : it->get<std::string>()) digits.push_back(static_cast<uint8_t>(c - '0'));
    }
    return digits;
  }

  static bool pin_length_ok(const Bytes& digits) {
    return digits.size() >= kMinPinDigits && digits.size() <= kMaxPinDigits;
  }

  // The block as the codec read it; a block that cannot hold a window (ends before it starts, a
  // week with no day) never opens, so the lock refuses it.
  static std::optional<schedule::Validity> validity_of(const json& request) {
    try {
      return schedule::validity_from_json(request.at("validity"), "validity");
    } catch (const Error&) {
      return std::nullopt;
    }
  }

  // An 8-byte field (check code, remote-unlock password) as the codec reads it: 8 characters or 16 hex.
  static CheckCode bytes8_of(const json& value) {
    const std::string text = value.get<std::string>();
    const Bytes bytes = text.size() == 8 ? Bytes(text.begin(), text.end()) : from_hex(text, "bytes8");
    CheckCode code{};
    std::copy(bytes.begin(), bytes.end(), code.begin());
    return code;
  }

  static json code_json(const CheckCode& code) { return json::binary(Bytes(code.begin(), code.end())); }

  bool slave_matches(const json& request) const {
    return !fitting(context_) || request.value("slaveId", 0) == context_.slave_id;
  }

  // ---- DP 1/2/3: unlock methods ----

  void create_method(const json& request) {
    json echo = {{"method", request["method"]}, {"stage", request["stage"]},       {"admin", request["admin"]},
                 {"memberId", request["memberId"]}, {"hardId", request["hardId"]}, {"regNum", 0},
                 {"result", 0}};
    const uint8_t stage = request["stage"].get<uint8_t>();
    if (stage != kStageStart) return reply(Message::CreateUnlockMethod, echo);  // cancel: nothing to undo

    const uint8_t method = request["method"].get<uint8_t>();
    echo["regNum"] = method == kFingerprint ? kFingerprintPresses : method == kPassword ? 0 : 1;
    reply(Message::CreateUnlockMethod, echo);

    // Enrolment ends at once: the simulated user presents the card, finger or face right away.
    const Bytes digits = digits_of(request);
    const std::optional<schedule::Validity> validity = validity_of(request);
    const std::optional<uint8_t> hard_id = store_.free_hard_id();
    uint8_t reason = 0;
    if (method < kPassword || method > kFace) {
      reason = kBadMethod;
    } else if (!store_.has_room_for_credential() || !hard_id) {
      reason = kNoHardIdLeft;
    } else if (method == kPassword && !pin_length_ok(digits)) {
      reason = kBadPasswordLength;
    } else if (method == kPassword && store_.password_in_use(digits)) {
      reason = kDuplicate;
    } else if (!validity) {
      reason = kFailed;
    }
    json done = echo;
    done["regNum"] = 0;
    if (reason != 0) {
      done["stage"] = kStageFailed;
      done["result"] = reason;
      return reply(Message::CreateUnlockMethod, done);
    }
    Credential credential;
    credential.hard_id = *hard_id;
    credential.type = method;
    credential.member_id = request["memberId"].get<uint8_t>();
    credential.admin = request["admin"].get<bool>();
    credential.validity = *validity;
    credential.valid_num = request["validNum"].get<uint8_t>();
    if (method == kPassword) credential.password = digits;
    store_.credentials().push_back(std::move(credential));
    done["stage"] = kStageComplete;
    done["hardId"] = *hard_id;
    reply(Message::CreateUnlockMethod, done);
  }

  void delete_method(const json& request) {
    const uint8_t method = request["method"].get<uint8_t>();
    const uint8_t member = request["memberId"].get<uint8_t>();
    const uint8_t hard_id = request["hardId"].get<uint8_t>();
    auto& credentials = store_.credentials();
    bool ok = true;
    if (method == kMemberWide) {
      credentials.erase(std::remove_if(credentials.begin(), credentials.end(),
                                       [&](const Credential& c) { return c.member_id == member; }),
                        credentials.end());
    } else {
      const auto it = std::find_if(credentials.begin(), credentials.end(),
                                   [&](const Credential& c) { return c.hard_id == hard_id && c.type == method; });
      ok = it != credentials.end();
      if (ok) credentials.erase(it);
    }
    json out = request;
    out["result"] = ok ? 0xFF : 0x00;
    reply(Message::DeleteUnlockMethod, out);
  }

  void modify_method(const json& request) {
    const uint8_t method = request["method"].get<uint8_t>();
    const uint8_t member = request["memberId"].get<uint8_t>();
    const uint8_t hard_id = request["hardId"].get<uint8_t>();
    const std::optional<schedule::Validity> validity = validity_of(request);
    const Bytes digits = digits_of(request);
    bool ok = validity.has_value();
    if (ok && method == kMemberWide) {
      for (auto& credential : store_.credentials()) {
        if (credential.member_id == member) credential.validity = *validity;
      }
    } else if (ok) {
      Credential* credential = store_.find_credential(hard_id);
      ok = credential != nullptr && credential->type == method;
      if (ok && !digits.empty()) {
        ok = method == kPassword && pin_length_ok(digits) && !store_.password_in_use(digits, hard_id);
      }
      if (ok) {
        credential->validity = *validity;
        if (!digits.empty()) credential->password = digits;
      }
    }
    reply(Message::ModifyUnlockMethod,
          {{"method", method}, {"stage", request["stage"]}, {"admin", request["admin"]}, {"memberId", member},
           {"hardId", hard_id}, {"cycle", request["cycle"]}, {"result", ok ? 0xFF : 0x00}});
  }

  // ---- DP 51/52/53: temporary passwords ----

  // The reason a temporary password cannot be stored as asked, or 0.
  uint8_t temporary_problem(const json& request, const Bytes& digits, uint8_t skip) const {
    if (!slave_matches(request)) return kTemporaryFailed;
    if (!pin_length_ok(digits) || store_.password_in_use(digits, skip)) return kTemporaryFailed;
    if (request.value("type", 0) > 1) return kTemporaryFailed;
    if (!validity_of(request)) return kTemporaryFailed;
    return 0;
  }

  static void fill_temporary(TemporaryPassword& password, const json& request, const Bytes& digits) {
    password.type = static_cast<uint8_t>(request.value("type", 0));
    password.validity = *validity_of(request);
    password.valid_num = static_cast<uint8_t>(request.value("validNum", 0));
    password.uses = 0;
    password.password = digits;
  }

  void create_temporary(const json& request) {
    const Bytes digits = digits_of(request);
    const std::optional<uint8_t> hard_id = store_.free_hard_id();
    if (!store_.has_room_for_temporary_password() || !hard_id) {
      return reply(Message::CreateTemporaryPassword, {{"hardId", kNoHardId}, {"result", kTemporaryNoHardId}});
    }
    if (const uint8_t problem = temporary_problem(request, digits, kNoHardId)) {
      return reply(Message::CreateTemporaryPassword, {{"hardId", kNoHardId}, {"result", problem}});
    }
    TemporaryPassword password;
    password.hard_id = *hard_id;
    fill_temporary(password, request, digits);
    store_.temporary_passwords().push_back(std::move(password));
    reply(Message::CreateTemporaryPassword, {{"hardId", *hard_id}, {"result", kTemporaryOk}});
  }

  void delete_temporary(const json& request) {
    const uint8_t hard_id = request["hardId"].get<uint8_t>();
    auto& passwords = store_.temporary_passwords();
    const auto it = std::find_if(passwords.begin(), passwords.end(),
                                 [&](const TemporaryPassword& t) { return t.hard_id == hard_id; });
    const bool ok = it != passwords.end() && slave_matches(request);
    if (ok) passwords.erase(it);
    reply(Message::DeleteTemporaryPassword, {{"hardId", hard_id}, {"result", ok ? kTemporaryOk : kTemporaryFailed}});
  }

  void modify_temporary(const json& request) {
    const uint8_t hard_id = request["hardId"].get<uint8_t>();
    const Bytes digits = digits_of(request);
    TemporaryPassword* password = store_.find_temporary_password(hard_id);
    const bool ok = password != nullptr && temporary_problem(request, digits, hard_id) == 0;
    if (ok) fill_temporary(*password, request, digits);
    reply(Message::ModifyTemporaryPassword, {{"hardId", hard_id}, {"result", ok ? kTemporaryOk : kTemporaryFailed}});
  }

  // ---- DP 54: sync unlock methods ----

  void sync_methods(const json& request) {
    const json& types = request["types"];
    const bool valid = !types.empty() && types.size() < kSyncTypeLimit &&
                       std::all_of(types.begin(), types.end(), [](const json& t) {
                         const auto type = t.get<uint8_t>();
                         return type != kMemberWide && type < kSyncTypeLimit;
                       });
    uint8_t packages = 0;
    if (valid) {
      for (const json& type : types) {
        std::vector<const Credential*> listed;
        for (const auto& credential : store_.credentials()) {
          if (credential.type == type.get<uint8_t>()) listed.push_back(&credential);
        }
        std::sort(listed.begin(), listed.end(),
                  [](const Credential* a, const Credential* b) { return a->hard_id < b->hard_id; });
        for (size_t first = 0; first < listed.size(); first += kMethodsPerPackage) {
          json methods = json::array();
          for (size_t i = first; i < std::min(listed.size(), first + kMethodsPerPackage); ++i) {
            methods.push_back({{"hardId", listed[i]->hard_id},
                               {"type", listed[i]->type},
                               {"memberId", listed[i]->member_id},
                               {"frozen", false}});
          }
          reply(Message::SyncMethods, {{"stage", "data"}, {"package", packages}, {"methods", methods}});
          ++packages;
        }
      }
    }
    reply(Message::SyncMethods, {{"stage", "done"}, {"packages", packages}});
  }

  // ---- DP 60/61: password-free remote unlock ----

  void configure_remote(const json& request) {
    RemoteUnlock& remote = store_.remote_unlock();
    remote.valid = request["enabled"].get<bool>();
    remote.member_id = request["memberId"].get<uint16_t>();
    remote.time_begin = request["effectiveTime"].get<uint32_t>();
    remote.time_end = request["invalidTime"].get<uint32_t>();
    remote.valid_num = request["validNum"].get<uint16_t>();
    remote.password = bytes8_of(request["password"]);
    reply(Message::RemoteUnlockConfig, {{"result", kRemoteOk}, {"memberId", remote.member_id}});
  }

  void remote_unlock(const json& request) {
    RemoteUnlock& remote = store_.remote_unlock();
    const uint16_t member = request["memberId"].get<uint16_t>();
    uint8_t result = kRemoteOk;
    if (!remote.valid) {
      result = kRemoteNotConfigured;
    } else if (remote.valid_num == 0) {
      result = kRemoteNoUses;
    } else if (context_.now < remote.time_begin || context_.now > remote.time_end) {
      result = kRemoteOutsideWindow;
    } else if (bytes8_of(request["password"]) != remote.password) {
      result = kRemoteWrongPassword;
    }
    reply(Message::RemoteUnlock, {{"result", result}, {"memberId", member}});
    if (result != kRemoteOk) return;
    --remote.valid_num;
    context_.unlocked = true;
    const bool voice = request["type"].get<uint8_t>() == 2;
    const uint8_t dp = voice ? kDpRecordRemoteVoice : kDpRecordRemotePhone;
    record(voice ? "remote_voice" : "remote_phone", dp, ble::Dp::integer(dp, member), member);
  }

  // ---- DP 70/71: check codes ----

  void set_check_code(const json& request, size_t size) {
    // The lock ignores a DP 70 of any other length (no reply at all).
    if (size != kSetCheckCodeSize) return problem("setCheckCode: not 23 bytes, no reply");
    const uint16_t master = request["masterId"].get<uint16_t>();
    const uint16_t slave = request["slaveId"].get<uint16_t>();
    const CheckCode code = bytes8_of(request["checkCode"]);
    const uint8_t operation = request["operation"].get<uint8_t>();
    const uint16_t new_master = request["newMasterId"].get<uint16_t>();
    auto& hosts = store_.hosts();
    const bool empty = hosts.empty();
    uint8_t result = kCodeOk;
    if (master != kAppMasterId) {
      result = kCodeBadMaster;
    } else if (!empty && slave != context_.slave_id) {
      result = kCodeSlaveMismatch;
    } else if (!empty && !host_holds(master, code)) {
      result = kCodeMismatch;
    } else if (empty && code != CheckCode{}) {
      result = kCodeMismatch;  // the very first code is set with an all-zero current code
    } else if (operation > 1) {
      result = kCodeBadOperation;
    } else if (operation == 0) {
      if (empty) context_.slave_id = slave;
      const CheckCode fresh = bytes8_of(request["newCheckCode"]);
      const auto it = std::find_if(hosts.begin(), hosts.end(), [&](const Host& h) { return h.id == new_master; });
      if (it != hosts.end()) {
        it->check_code = fresh;
      } else if (hosts.size() < store_.host_limit()) {
        hosts.push_back(Host{new_master, fresh});
      } else {
        result = kCodeStorageFull;
      }
    } else {
      const auto it = std::find_if(hosts.begin(), hosts.end(), [&](const Host& h) { return h.id == new_master; });
      if (it != hosts.end()) {
        hosts.erase(it);
      } else {
        result = kCodeNotFound;
      }
    }
    reply(Message::SetCheckCode, {{"slaveId", slave},
                                  {"masterId", master},
                                  {"checkCode", code_json(code)},
                                  {"operation", operation},
                                  {"newMasterId", new_master},
                                  {"result", result}});
  }

  bool host_holds(uint16_t master, const CheckCode& code) const {
    const Host* host = store_.find_host(master);
    return host != nullptr && host->check_code == code;
  }

  void unlock_check(const json& request, const Bytes& value) {
    const uint16_t master = request["masterId"].get<uint16_t>();
    const uint16_t slave = request["slaveId"].get<uint16_t>();
    const CheckCode code = bytes8_of(request["checkCode"]);
    // The codec reads the operation as a flag; the lock refuses values above 1, so read the byte.
    const uint8_t operation = value[kUnlockOperationOffset];
    const uint8_t method = request["method"].get<uint8_t>();
    uint8_t result = kCodeOk;
    if (store_.find_host(master) == nullptr) {
      result = kCodeBadMaster;
    } else if (slave != context_.slave_id) {
      result = kCodeSlaveMismatch;
    } else if (!host_holds(master, code)) {
      result = kCodeMismatch;
    } else if (operation > 1) {
      result = kCodeBadOperation;
    }
    // The reply names the lock first: the request's ids, swapped.
    reply(Message::UnlockCheck, {{"slaveId", slave},
                                 {"masterId", master},
                                 {"checkCode", code_json(code)},
                                 {"open", operation != 0},
                                 {"timestamp", request["timestamp"]},
                                 {"method", method},
                                 {"result", result}});
    if (result != kCodeOk) return;
    if (operation == 0) {
      context_.unlocked = false;
      LogEntry entry;
      entry.time = context_.now;
      entry.event = "lock";
      entry.method = "ble";
      entry.id = request["memberId"].get<uint8_t>();
      entry.reported = true;  // locking is not reported as a record
      store_.log().push_back(std::move(entry));
      return;
    }
    context_.unlocked = true;
    if (method == 0) {
      const uint8_t member = request["memberId"].get<uint8_t>();
      return record("ble", kDpRecordBle, ble::Dp::integer(kDpRecordBle, member), member);
    }
    // Other methods are recorded in DP 72 as the request itself with the ids swapped.
    Bytes common = value;
    std::swap_ranges(common.begin(), common.begin() + 2, common.begin() + 2);
    record("ble_record", kDpRecordCommon, ble::Dp::raw(kDpRecordCommon, std::move(common)), master);
  }

  // ---- DP 46, 69 ----

  void manual_lock(const ble::Dp& dp) {
    if (dp.type != ble::DpType::Bool || dp.value.size() != 1 || dp.value[0] != 1) {
      return problem("DP 46 locks only with the value true");
    }
    context_.unlocked = false;
  }

  void fetch_records() {
    for (Report& report : unreported_records(store_)) outcome_.reports.push_back(std::move(report));
  }

  LockStore& store_;
  LockContext& context_;
  DpOutcome& outcome_;
};

}  // namespace

DpOutcome handle_dps(const std::vector<ble::Dp>& dps, LockStore& store, LockContext& context) {
  DpOutcome outcome;
  Handler handler(store, context, outcome);
  for (const ble::Dp& dp : dps) handler.handle(dp);
  return outcome;
}

std::optional<Report> keypad_unlock(const Bytes& digits, int64_t at, LockStore& store, LockContext& context,
                                    KeypadOutcome& outcome) {
  outcome = store.try_pin(digits, at, context.zone);
  LogEntry entry;
  entry.time = at;
  entry.method = outcome.kind.empty() ? "keypad" : outcome.kind;
  entry.id = outcome.hard_id;
  if (!outcome.opened) {
    entry.event = "refused";
    entry.reason = outcome.reason;
    entry.reported = true;  // refused attempts stay in the lock
    store.log().push_back(std::move(entry));
    return std::nullopt;
  }
  context.unlocked = true;
  const uint8_t dp = outcome.kind == "temporary_password" ? kDpRecordTemporary : kDpRecordPassword;
  const ble::Dp value = ble::Dp::integer(dp, outcome.hard_id);
  entry.event = "unlock";
  entry.record_dp = dp;
  entry.record_type = static_cast<uint8_t>(value.type);
  entry.record = value.value;
  store.log().push_back(std::move(entry));
  Report report;
  report.dps.push_back(value);
  report.with_time = true;
  report.time = at;
  report.log_index = store.log().size() - 1;
  return report;
}

std::vector<Report> unreported_records(const LockStore& store) {
  std::vector<Report> out;
  const auto& log = store.log();
  for (size_t i = 0; i < log.size(); ++i) {
    if (log[i].reported || log[i].record_dp == 0) continue;
    Report report;
    report.dps.push_back(ble::Dp{log[i].record_dp, static_cast<ble::DpType>(log[i].record_type), log[i].record});
    report.with_time = true;
    report.time = log[i].time;
    report.log_index = i;
    out.push_back(std::move(report));
  }
  return out;
}

}  // namespace doorlock::sim
