#include "lock_dp_handlers.h"

#include <algorithm>

#include "doorlock/error.h"

namespace doorlock::sim {

namespace {

// Enrolment stages and failure reasons of DP 1 (ble-protocol.md §6.3).
constexpr uint8_t kStageStart = 0x00;
constexpr uint8_t kStageFailed = 0xFD;
constexpr uint8_t kStageComplete = 0xFF;
constexpr uint8_t kFailed = 1;
constexpr uint8_t kDuplicate = 2;
constexpr uint8_t kNoHardIdLeft = 3;
constexpr uint8_t kBadPassword = 4;
constexpr uint8_t kBadPasswordLength = 5;
constexpr uint8_t kBadMethod = 6;
// DP 2/3 results.
constexpr uint8_t kMethodOk = 0xFF;
constexpr uint8_t kMethodFailed = 0x00;
// How many times each method must be presented to enrol (the reply's reg_num).
constexpr uint8_t kFingerprintPresses = 4;

// Keypad locks take PINs of 6 to 10 digits (pwd[10] in the structs).
constexpr size_t kMinPinDigits = 6;
constexpr size_t kMaxPinDigits = 10;
// The run of equal or consecutive digits that makes a PIN weak.
constexpr size_t kWeakRun = 6;

// DP 70/71 results (S4 set_master_srand_num_handler, open_with_master_handler).
constexpr uint8_t kCodeOk = 0;
constexpr uint8_t kCodeBadMaster = 2;
constexpr uint8_t kCodeSlaveMismatch = 3;
constexpr uint8_t kCodeMismatch = 4;
constexpr uint8_t kCodeBadOperation = 5;
constexpr uint8_t kCodeStorageFull = 6;
constexpr uint8_t kCodeNotFound = 7;
constexpr uint16_t kAppMasterId = 0xFFFF;

// DP 61 results.
constexpr uint8_t kRemoteOk = 0;
constexpr uint8_t kRemoteNotConfigured = 2;
constexpr uint8_t kRemoteNoUses = 3;
constexpr uint8_t kRemoteOutsideWindow = 4;
constexpr uint8_t kRemoteWrongPassword = 5;
constexpr uint8_t kRemoteVoice = 2;

// DP 54: the lock answers at most 20 methods per package; unlock-method types are 1..5.
constexpr size_t kMethodsPerPackage = 20;
constexpr uint8_t kSyncTypeLimit = 6;
constexpr uint8_t kSyncData = 0x00;
constexpr uint8_t kSyncDone = 0x01;
constexpr uint8_t kNotFrozen = 1;  // freeze_state: FREEZE_ON is 0 in the lock SDK

constexpr uint8_t kDpTypeBool = 1;

bool pin_length_ok(const fw::Pin& pin) {
  return pin.all_digits && pin.digits.size() >= kMinPinDigits && pin.digits.size() <= kMaxPinDigits;
}

// A block a current lock can hold: a known cycle, a clock time of day, an end after the start.
bool validity_ok(const fw::ValidityBlock& block) {
  return block.cycle_type <= 3 && block.start_h <= 23 && block.end_h <= 23 && block.start_m <= 59 &&
         block.end_m <= 59 && block.total_start <= block.total_end;
}

class Handler {
 public:
  Handler(LockStore& store, LockContext& context, DpOutcome& outcome)
      : store_(store), context_(context), outcome_(outcome) {}

  void handle(const fw::RawDp& dp) {
    try {
      switch (dp.id) {
        case kDpCreateMethod: return create_method(fw::read_open_meth_create(dp.value, context_.dialect));
        case kDpDeleteMethod: return delete_method(fw::read_open_meth_delete(dp.value));
        case kDpModifyMethod: return modify_method(fw::read_open_meth_modify(dp.value, context_.dialect));
        case kDpCreateTemporary: return create_temporary(fw::read_temp_pw_create(dp.value, context_.dialect));
        case kDpDeleteTemporary: return delete_temporary(fw::read_temp_pw_delete(dp.value, context_.dialect));
        case kDpModifyTemporary: return modify_temporary(fw::read_temp_pw_modify(dp.value, context_.dialect));
        case kDpSyncMethods: return sync_methods(dp.value);
        case kDpRemoteSetkey: return configure_remote(fw::read_nopwd_remote_setkey(dp.value));
        case kDpRemoteUnlock: return remote_unlock(fw::read_nopwd_remote(dp.value));
        case kDpSetT0: return store_.set_t0(fw::read_t0(dp.value));
        case kDpSetCheckCode:
          // S4 lock_dp_parser_handler: any other length gets no reply at all.
          if (dp.value.size() != fw::kSetMasterSrandSize) return problem("DP 70: not 23 bytes, no reply");
          return set_check_code(fw::read_set_master_srand(dp.value));
        case kDpUnlockCheck: return unlock_check(fw::read_open_with_master(dp.value));
        case kDpManualLock: return manual_lock(dp);
        case kDpFetchRecords: return fetch_records();
        default: return problem("DP " + std::to_string(dp.id) + " is not served by this lock");
      }
    } catch (const Error& error) {
      unreadable(dp, error);
    }
  }

 private:
  // ---- replies and records ----

  void reply(uint8_t dp, Bytes value) {
    Report report;
    report.dps.push_back(ble::Dp::raw(dp, std::move(value)));
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
    // The lock application reports the opening after it has driven the motor, not with the reply.
    report.delay_ms = context_.record_delay_ms;
    outcome_.reports.push_back(std::move(report));
  }

  void problem(std::string text) { outcome_.problems.push_back(std::move(text)); }

  // A value shorter than its struct. A real lock reads whatever its buffer holds; here the
  // temporary-password DPs answer "failed" where the hard id can be told, the others stay silent.
  void unreadable(const fw::RawDp& dp, const Error& error) {
    problem(error.message());
    const size_t prefix = context_.dialect.layout == fw::TemporaryLayout::Fitting ? 2 : 0;
    std::optional<uint16_t> slave;
    if (prefix != 0 && dp.value.size() >= 2) slave = get_u16be(dp.value.data());
    if (dp.id == kDpCreateTemporary) return reply(dp.id, fw::temp_pw_reply(slave, kNoHardId, kTemporaryFailed));
    if ((dp.id == kDpDeleteTemporary || dp.id == kDpModifyTemporary) && dp.value.size() > prefix) {
      return reply(dp.id, fw::temp_pw_reply(slave, dp.value[prefix], kTemporaryFailed));
    }
  }

  bool current() const { return context_.firmware == Firmware::Current; }

  bool slave_matches(std::optional<uint16_t> slave) const { return !slave || *slave == context_.slave_id; }

  // ---- DP 1/2/3: unlock methods ----

  void create_method(const fw::OpenMethCreate& request) {
    if (request.stage != kStageStart) {  // cancel: nothing to undo
      return reply(kDpCreateMethod, fw::open_meth_create_reply(request, request.stage, request.hard_id, 0, 0));
    }
    const uint8_t method = request.meth;
    const uint8_t presses = method == kFingerprint ? kFingerprintPresses : method == kPassword ? 0 : 1;
    reply(kDpCreateMethod, fw::open_meth_create_reply(request, kStageStart, request.hard_id, presses, 0));

    // Enrolment ends at once: the simulated user presents the card, finger or face right away.
    const std::optional<uint8_t> hard_id = store_.free_hard_id();
    uint8_t reason = 0;
    if (method < kPassword || method > kVein) {
      reason = kBadMethod;
    } else if (!store_.has_room_for_credential() || !hard_id) {
      reason = kNoHardIdLeft;
    } else if (method == kPassword && !request.pwd.all_digits) {
      reason = kBadPassword;
    } else if (method == kPassword && !pin_length_ok(request.pwd)) {
      reason = kBadPasswordLength;
    } else if (method == kPassword && store_.password_in_use(request.pwd.digits)) {
      reason = kDuplicate;
    } else if (!validity_ok(request.time)) {
      reason = kFailed;
    }
    if (reason != 0) {
      return reply(kDpCreateMethod, fw::open_meth_create_reply(request, kStageFailed, request.hard_id, 0, reason));
    }
    Credential credential;
    credential.hard_id = *hard_id;
    credential.type = method;
    credential.member_id = request.member_id;
    credential.admin = request.admin != 0;
    credential.validity = request.time;
    credential.valid_num = request.valid_num;
    if (method == kPassword) credential.password = request.pwd.digits;
    store_.credentials().push_back(std::move(credential));
    reply(kDpCreateMethod, fw::open_meth_create_reply(request, kStageComplete, *hard_id, 0, 0));
  }

  void delete_method(const fw::OpenMethDelete& request) {
    auto& credentials = store_.credentials();
    bool ok = true;
    if (request.meth == kMemberWide) {
      credentials.erase(std::remove_if(credentials.begin(), credentials.end(),
                                       [&](const Credential& c) { return c.member_id == request.member_id; }),
                        credentials.end());
    } else {
      const auto it = std::find_if(credentials.begin(), credentials.end(), [&](const Credential& c) {
        return c.hard_id == request.hard_id && c.type == request.meth;
      });
      ok = it != credentials.end();
      if (ok) credentials.erase(it);
    }
    reply(kDpDeleteMethod, fw::open_meth_delete_reply(request, ok ? kMethodOk : kMethodFailed));
  }

  void modify_method(const fw::OpenMethModify& request) {
    bool ok = validity_ok(request.time);
    if (ok && request.meth == kMemberWide) {
      for (auto& credential : store_.credentials()) {
        if (credential.member_id == request.member_id) credential.validity = request.time;
      }
    } else if (ok) {
      Credential* credential = store_.find_credential(request.hard_id);
      ok = credential != nullptr && credential->type == request.meth;
      const bool new_pin = request.pwd.length != 0;
      if (ok && new_pin) {
        ok = request.meth == kPassword && pin_length_ok(request.pwd) &&
             !store_.password_in_use(request.pwd.digits, request.hard_id);
      }
      if (ok) {
        credential->validity = request.time;
        if (new_pin) credential->password = request.pwd.digits;
      }
    }
    reply(kDpModifyMethod, fw::open_meth_modify_reply(request, ok ? kMethodOk : kMethodFailed));
  }

  // ---- DP 51/52/53: temporary passwords ----

  // Why a current lock refuses this PIN and window, or kTemporaryOk.
  uint8_t temporary_problem(uint8_t type, const fw::ValidityBlock& time, const fw::Pin& pwd, uint8_t self) const {
    if (!pin_length_ok(pwd)) return kTemporaryFailed;
    if (is_weak_pin(pwd.digits)) return kTemporaryWeak;
    if (store_.password_in_use(pwd.digits, self)) return kTemporaryExists;
    if (type > 1 || !validity_ok(time)) return kTemporaryFailed;
    return kTemporaryOk;
  }

  void create_temporary(const fw::TempPwCreate& request) {
    if (!slave_matches(request.slave_id)) {
      return reply(kDpCreateTemporary, fw::temp_pw_reply(request.slave_id, kNoHardId, kTemporaryFailed));
    }
    const std::optional<uint8_t> hard_id = store_.free_hard_id();
    if (!store_.has_room_for_temporary_password() || !hard_id) {
      return reply(kDpCreateTemporary, fw::temp_pw_reply(request.slave_id, kNoHardId, kTemporaryNoHardId));
    }
    // The lock SDK v3.3 checks nothing more (S4 lock_dp_parser.c:810).
    if (current()) {
      if (const uint8_t status = temporary_problem(request.type, request.time, request.pwd, kNoHardId)) {
        return reply(kDpCreateTemporary, fw::temp_pw_reply(request.slave_id, kNoHardId, status));
      }
    }
    TemporaryPassword password;
    password.hard_id = *hard_id;
    password.type = request.type;
    password.validity = request.time;
    password.valid_num = request.valid_num;
    password.password = request.pwd.digits;
    store_.temporary_passwords().push_back(std::move(password));
    reply(kDpCreateTemporary, fw::temp_pw_reply(request.slave_id, *hard_id, kTemporaryOk));
  }

  void delete_temporary(const fw::TempPwDelete& request) {
    bool ok = false;
    if (slave_matches(request.slave_id)) {
      auto& passwords = store_.temporary_passwords();
      const auto it = std::find_if(passwords.begin(), passwords.end(),
                                   [&](const TemporaryPassword& t) { return t.hard_id == request.hard_id; });
      if (it != passwords.end()) {
        passwords.erase(it);
        ok = true;
      } else if (!current()) {
        // S4 deletes whatever holds the hard id (lock_dp_parser.c:857), unlock methods included.
        auto& credentials = store_.credentials();
        const auto other = std::find_if(credentials.begin(), credentials.end(),
                                        [&](const Credential& c) { return c.hard_id == request.hard_id; });
        ok = other != credentials.end();
        if (ok) credentials.erase(other);
      }
    }
    reply(kDpDeleteTemporary,
          fw::temp_pw_reply(request.slave_id, request.hard_id, ok ? kTemporaryOk : kTemporaryFailed));
  }

  void modify_temporary(const fw::TempPwModify& request) {
    const auto answer = [&](uint8_t status) {
      reply(kDpModifyTemporary, fw::temp_pw_reply(request.slave_id, request.hard_id, status));
    };
    if (!slave_matches(request.slave_id)) return answer(kTemporaryFailed);
    TemporaryPassword* password = store_.find_temporary_password(request.hard_id);
    if (!current()) {
      // S4 stores the request as sent, pwd_len included (app_flash.c:420-421); for an unknown
      // hard id it saves the record all the same and answers 0x01 (app_flash.c:413-423).
      const bool known = password != nullptr;
      if (!known) {
        store_.temporary_passwords().push_back(TemporaryPassword{});
        password = &store_.temporary_passwords().back();
        password->hard_id = request.hard_id;
      }
      password->type = request.type;
      password->validity = request.time;
      password->valid_num = request.valid_num;
      password->uses = 0;
      password->password = request.pwd.digits;
      return answer(known ? kTemporaryOk : kTemporaryFailed);
    }
    if (password == nullptr) return answer(kTemporaryFailed);
    // Tuya's panel modifies the validity only, with pwd_len 0 (§6b.1): the PIN stays.
    const bool new_pin = request.pwd.length != 0;
    uint8_t status = kTemporaryOk;
    if (new_pin) {
      status = temporary_problem(request.type, request.time, request.pwd, request.hard_id);
    } else if (request.type > 1 || !validity_ok(request.time)) {
      status = kTemporaryFailed;
    }
    if (status != kTemporaryOk) return answer(status);
    password->type = request.type;
    password->validity = request.time;
    password->valid_num = request.valid_num;
    password->uses = 0;
    if (new_pin) password->password = request.pwd.digits;
    answer(kTemporaryOk);
  }

  // ---- DP 54: sync unlock methods ----

  void sync_methods(const Bytes& types) {
    const bool valid = !types.empty() && types.size() < kSyncTypeLimit &&
                       std::all_of(types.begin(), types.end(),
                                   [](uint8_t type) { return type != kMemberWide && type < kSyncTypeLimit; });
    uint8_t packages = 0;
    if (valid) {
      for (uint8_t type : types) {
        std::vector<const Credential*> listed;
        for (const auto& credential : store_.credentials()) {
          if (credential.type == type) listed.push_back(&credential);
        }
        std::sort(listed.begin(), listed.end(),
                  [](const Credential* a, const Credential* b) { return a->hard_id < b->hard_id; });
        for (size_t first = 0; first < listed.size(); first += kMethodsPerPackage) {
          // stage 0 | package | { hard_id, hard_type, member_id, freeze_state } per method
          Bytes package{kSyncData, packages};
          for (size_t i = first; i < std::min(listed.size(), first + kMethodsPerPackage); ++i) {
            package.insert(package.end(), {listed[i]->hard_id, listed[i]->type, listed[i]->member_id, kNotFrozen});
          }
          reply(kDpSyncMethods, std::move(package));
          ++packages;
        }
      }
    }
    reply(kDpSyncMethods, Bytes{kSyncDone, packages});
  }

  // ---- DP 60/61: password-free remote unlock ----

  void configure_remote(const fw::NopwdRemoteSetkey& request) {
    RemoteUnlock& remote = store_.remote_unlock();
    remote.valid = request.valid != 0;
    remote.member_id = request.member_id;
    remote.time_begin = request.time_begin;
    remote.time_end = request.time_end;
    remote.valid_num = request.valid_num;
    remote.password = request.password;
    reply(kDpRemoteSetkey, fw::nopwd_remote_reply(kRemoteOk, remote.member_id));
  }

  void remote_unlock(const fw::NopwdRemote& request) {
    RemoteUnlock& remote = store_.remote_unlock();
    uint8_t result = kRemoteOk;
    if (!remote.valid) {
      result = kRemoteNotConfigured;
    } else if (remote.valid_num == 0) {
      result = kRemoteNoUses;
    } else if (context_.now < remote.time_begin || context_.now > remote.time_end) {
      result = kRemoteOutsideWindow;
    } else if (request.password != remote.password) {
      result = kRemoteWrongPassword;
    }
    reply(kDpRemoteUnlock, fw::nopwd_remote_reply(result, request.member_id));
    if (result != kRemoteOk) return;
    --remote.valid_num;
    context_.unlocked = true;
    const bool voice = request.type == kRemoteVoice;
    const uint8_t dp = voice ? kDpRecordRemoteVoice : kDpRecordRemotePhone;
    record(voice ? "remote_voice" : "remote_phone", dp, ble::Dp::integer(dp, request.member_id), request.member_id);
  }

  // ---- DP 70/71: check codes ----

  void set_check_code(const fw::SetMasterSrand& request) {
    auto& hosts = store_.hosts();
    const bool empty = hosts.empty();
    uint8_t result = kCodeOk;
    if (request.master_id != kAppMasterId) {
      result = kCodeBadMaster;
    } else if (!empty && request.slave_id != context_.slave_id) {
      result = kCodeSlaveMismatch;
    } else if (!empty && !host_holds(request.master_id, request.srand)) {
      result = kCodeMismatch;
    } else if (empty && request.srand != fw::Code8{}) {
      result = kCodeMismatch;  // the very first code is set with an all-zero current code
    } else if (request.operation > 1) {
      result = kCodeBadOperation;
    } else if (request.operation == 0) {
      if (empty) context_.slave_id = request.slave_id;
      const auto it =
          std::find_if(hosts.begin(), hosts.end(), [&](const Host& h) { return h.id == request.master_id_new; });
      if (it != hosts.end()) {
        it->check_code = request.srand_new;
      } else if (hosts.size() < store_.host_limit()) {
        hosts.push_back(Host{request.master_id_new, request.srand_new});
      } else {
        result = kCodeStorageFull;
      }
    } else {
      const auto it =
          std::find_if(hosts.begin(), hosts.end(), [&](const Host& h) { return h.id == request.master_id_new; });
      if (it != hosts.end()) {
        hosts.erase(it);
      } else {
        result = kCodeNotFound;
      }
    }
    reply(kDpSetCheckCode, fw::set_master_srand_reply(request, result));
  }

  bool host_holds(uint16_t master, const fw::Code8& code) const {
    const Host* host = store_.find_host(master);
    return host != nullptr && host->check_code == code;
  }

  void unlock_check(const fw::OpenWithMaster& request) {
    uint8_t result = kCodeOk;
    if (store_.find_host(request.master_id) == nullptr) {
      result = kCodeBadMaster;
    } else if (request.slave_id != context_.slave_id) {
      result = kCodeSlaveMismatch;
    } else if (!host_holds(request.master_id, request.srand)) {
      result = kCodeMismatch;
    } else if (request.operation > 1) {
      result = kCodeBadOperation;
    }
    reply(kDpUnlockCheck, fw::open_with_master_reply(request, result));
    if (result != kCodeOk) return;
    const uint8_t member = request.open_meth_info.empty() ? 0 : request.open_meth_info[0];
    if (request.operation == 0) {
      context_.unlocked = false;
      LogEntry entry;
      entry.time = context_.now;
      entry.event = "lock";
      entry.method = "ble";
      entry.id = member;
      entry.reported = true;  // locking is not reported as a record
      store_.log().push_back(std::move(entry));
      return;
    }
    context_.unlocked = true;
    if (request.open_meth == 0) return record("ble", kDpRecordBle, ble::Dp::integer(kDpRecordBle, member), member);
    // Other methods are recorded in DP 72 as the lock's reply is: the request with the ids swapped.
    Bytes common;
    put_u16be(common, request.slave_id);
    put_u16be(common, request.master_id);
    common.insert(common.end(), request.srand.begin(), request.srand.end());
    common.push_back(request.operation);
    put_u32be(common, request.timestamp);
    common.push_back(request.open_meth);
    common.insert(common.end(), request.open_meth_info.begin(), request.open_meth_info.end());
    record("ble_record", kDpRecordCommon, ble::Dp::raw(kDpRecordCommon, std::move(common)), request.master_id);
  }

  // ---- DP 46, 69 ----

  void manual_lock(const fw::RawDp& dp) {
    if (dp.type != kDpTypeBool || dp.value.size() != 1 || dp.value[0] != 1) {
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

// The longest run in which every digit is the previous one plus `step`.
size_t longest_run(const Bytes& digits, int step) noexcept {
  size_t best = digits.empty() ? 0 : 1;
  size_t run = best;
  for (size_t i = 1; i < digits.size(); ++i) {
    run = digits[i] == digits[i - 1] + step ? run + 1 : 1;
    best = std::max(best, run);
  }
  return best;
}

}  // namespace

DpOutcome handle_dp(const fw::RawDp& dp, LockStore& store, LockContext& context) {
  DpOutcome outcome;
  Handler(store, context, outcome).handle(dp);
  return outcome;
}

bool is_weak_pin(const Bytes& digits) noexcept {
  return longest_run(digits, 1) >= kWeakRun || longest_run(digits, -1) >= kWeakRun ||
         longest_run(digits, 0) >= kWeakRun;
}

std::optional<Report> keypad_unlock(const Bytes& digits, int64_t at, LockStore& store, LockContext& context,
                                    KeypadOutcome& outcome) {
  outcome = store.try_pin(digits, at, context.zone, context.window_check);
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
