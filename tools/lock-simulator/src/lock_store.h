// What the simulated lock keeps in flash: unlock methods (DP 1/2/3), temporary passwords
// (DP 51/52/53), the hosts allowed to unlock with a check code (DP 70/71), the password-free
// remote unlock setting (DP 60/61), the offline-password T0 (DP 64) and the unlock log. It outlives
// connections; the protocol state of a connection lives in LockSimulator.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "doorlock/bytes.h"
#include "firmware_dp.h"
#include "lock_clock.h"

namespace doorlock::sim {

// Hardware ids are one byte; 0xFF means "none" (ble-protocol.md §6a.1).
inline constexpr uint8_t kNoHardId = 0xFF;

// Unlock-method types of DP 1/2/3 (ble-protocol.md §6.3; the panel adds 5 palm and 6 finger vein, §6b.3).
enum MethodType : uint8_t {
  kMemberWide = 0,
  kPassword = 1,
  kCard = 2,
  kFingerprint = 3,
  kFace = 4,
  kPalm = 5,
  kVein = 6,
};

struct Credential {
  uint8_t hard_id = kNoHardId;
  uint8_t type = kPassword;
  uint8_t member_id = 0;
  bool admin = false;
  fw::ValidityBlock validity;
  uint8_t valid_num = 0;  // 0: no limit
  uint32_t uses = 0;
  Bytes password;  // digit values 0..9 (password type only)
};

struct TemporaryPassword {
  uint8_t hard_id = kNoHardId;
  uint8_t type = 0;  // the request's type byte, kept as sent: no source gives it a meaning (§6b.1)
  fw::ValidityBlock validity;
  uint8_t valid_num = 0;  // 0: no limit
  uint32_t uses = 0;
  Bytes password;  // digit values 0..9
};

using CheckCode = std::array<uint8_t, 8>;

struct Host {  // a "master" of DP 70/71: host id and the host random (check code) the cloud issued
  uint16_t id = 0xFFFF;
  CheckCode check_code{};
};

struct RemoteUnlock {  // DP 60
  bool valid = false;
  uint16_t member_id = 0;
  uint32_t time_begin = 0;
  uint32_t time_end = 0;
  uint16_t valid_num = 0;  // uses left
  std::array<uint8_t, 8> password{};
};

// One entry of the lock's event log: every opening or closing, and every refused keypad attempt.
struct LogEntry {
  int64_t time = 0;   // lock RTC, Unix seconds
  std::string event;  // "unlock", "lock", "refused"
  std::string
      method;  // "ble", "ble_record", "password", "temporary_password", "remote_phone", "remote_voice", "keypad"
  uint8_t record_dp = 0;    // the record DP reported for it (19, 13, 55, 62, 63, 72), 0 for none
  uint32_t id = 0;          // member id or hardware id, as the record DP carries it
  Bytes record;             // the record DP's value as reported
  uint8_t record_type = 0;  // DP type of `record`
  std::string reason;       // why a keypad attempt was refused
  bool reported = false;    // delivered to an app in a report
};

struct KeypadOutcome {
  bool opened = false;
  uint8_t hard_id = kNoHardId;
  std::string kind;    // "password" or "temporary_password": what the PIN matched, if anything
  std::string reason;  // when refused: "unknown_password" or the validity verdict, or "used_up"
};

struct LockStoreLimits {
  size_t credentials = 20;
  size_t temporary_passwords = 10;
  size_t hosts = 4;
};

class LockStore {
 public:
  explicit LockStore(LockStoreLimits limits = {}) : limits_(limits) {}

  // Hardware ids come from one pool shared by every kind, lowest free first (0x00..0xFE).
  std::optional<uint8_t> free_hard_id() const noexcept;
  bool has_room_for_credential() const noexcept { return credentials_.size() < limits_.credentials; }
  bool has_room_for_temporary_password() const noexcept { return temporary_.size() < limits_.temporary_passwords; }
  // True when a stored password or temporary password already has these digits, except `skip`.
  bool password_in_use(const Bytes& digits, uint8_t skip = kNoHardId) const noexcept;

  std::vector<Credential>& credentials() noexcept { return credentials_; }
  const std::vector<Credential>& credentials() const noexcept { return credentials_; }
  Credential* find_credential(uint8_t hard_id) noexcept;
  std::vector<TemporaryPassword>& temporary_passwords() noexcept { return temporary_; }
  const std::vector<TemporaryPassword>& temporary_passwords() const noexcept { return temporary_; }
  TemporaryPassword* find_temporary_password(uint8_t hard_id) noexcept;

  std::vector<Host>& hosts() noexcept { return hosts_; }
  const std::vector<Host>& hosts() const noexcept { return hosts_; }
  const Host* find_host(uint16_t id) const noexcept;
  size_t host_limit() const noexcept { return limits_.hosts; }

  RemoteUnlock& remote_unlock() noexcept { return remote_; }
  const RemoteUnlock& remote_unlock() const noexcept { return remote_; }

  uint32_t t0() const noexcept { return t0_; }
  void set_t0(uint32_t t0) noexcept { t0_ = t0; }

  std::vector<LogEntry>& log() noexcept { return log_; }
  const std::vector<LogEntry>& log() const noexcept { return log_; }

  // A PIN typed on the keypad at `utc` in zone `zone` (1/100 h): the first stored password or
  // temporary password with these digits decides, its window checked as `check` says. A use is
  // counted only when the lock opens; a temporary password whose count runs out is removed.
  KeypadOutcome try_pin(const Bytes& digits, int64_t utc, int zone, WindowCheck check);

 private:
  LockStoreLimits limits_;
  std::vector<Credential> credentials_;
  std::vector<TemporaryPassword> temporary_;
  std::vector<Host> hosts_;
  RemoteUnlock remote_;
  uint32_t t0_ = 0;
  std::vector<LogEntry> log_;
};

}  // namespace doorlock::sim
