#include "lock_store.h"

#include <algorithm>

namespace doorlock::sim {

namespace {

// The use-count byte after the validity block: 0 no limit, 1..0xFE that many uses, 0xFF disabled
// (ble-protocol.md §6a.2).
constexpr uint8_t kDisabled = 0xFF;

bool uses_left(uint8_t valid_num, uint32_t uses) noexcept { return valid_num == 0 || uses < valid_num; }

}  // namespace

std::optional<uint8_t> LockStore::free_hard_id() const noexcept {
  for (unsigned id = 0; id < kNoHardId; ++id) {
    const auto taken_by_credential =
        std::any_of(credentials_.begin(), credentials_.end(), [&](const Credential& c) { return c.hard_id == id; });
    const auto taken_by_temporary =
        std::any_of(temporary_.begin(), temporary_.end(), [&](const TemporaryPassword& t) { return t.hard_id == id; });
    if (!taken_by_credential && !taken_by_temporary) return static_cast<uint8_t>(id);
  }
  return std::nullopt;
}

bool LockStore::password_in_use(const Bytes& digits, uint8_t skip) const noexcept {
  for (const auto& credential : credentials_) {
    if (credential.type == kPassword && credential.hard_id != skip && credential.password == digits) return true;
  }
  for (const auto& temporary : temporary_) {
    if (temporary.hard_id != skip && temporary.password == digits) return true;
  }
  return false;
}

Credential* LockStore::find_credential(uint8_t hard_id) noexcept {
  const auto it =
      std::find_if(credentials_.begin(), credentials_.end(), [&](const Credential& c) { return c.hard_id == hard_id; });
  return it == credentials_.end() ? nullptr : &*it;
}

TemporaryPassword* LockStore::find_temporary_password(uint8_t hard_id) noexcept {
  const auto it = std::find_if(temporary_.begin(), temporary_.end(),
                               [&](const TemporaryPassword& t) { return t.hard_id == hard_id; });
  return it == temporary_.end() ? nullptr : &*it;
}

const Host* LockStore::find_host(uint16_t id) const noexcept {
  const auto it = std::find_if(hosts_.begin(), hosts_.end(), [&](const Host& h) { return h.id == id; });
  return it == hosts_.end() ? nullptr : &*it;
}

KeypadOutcome LockStore::try_pin(const Bytes& digits, int64_t utc, int zone, WindowCheck check) {
  KeypadOutcome out;
  for (auto& credential : credentials_) {
    if (credential.type != kPassword || credential.password != digits) continue;
    out.hard_id = credential.hard_id;
    out.kind = "password";
    const Validity verdict = evaluate_validity(credential.validity, utc, zone, check);
    if (credential.valid_num == kDisabled) {
      out.reason = "disabled";
    } else if (verdict != Validity::Valid) {
      out.reason = validity_name(verdict);
    } else if (!uses_left(credential.valid_num, credential.uses)) {
      out.reason = "used_up";
    } else {
      ++credential.uses;
      out.opened = true;
    }
    return out;
  }
  for (auto it = temporary_.begin(); it != temporary_.end(); ++it) {
    if (it->password != digits) continue;
    out.hard_id = it->hard_id;
    out.kind = "temporary_password";
    const Validity verdict = evaluate_validity(it->validity, utc, zone, check);
    if (it->valid_num == kDisabled) {
      out.reason = "disabled";
      return out;
    }
    if (verdict != Validity::Valid) {
      out.reason = validity_name(verdict);
      return out;
    }
    ++it->uses;
    out.opened = true;
    // A spent password frees its slot: a counted one after its last use.
    if (it->valid_num != 0 && it->uses >= it->valid_num) temporary_.erase(it);
    return out;
  }
  out.reason = "unknown_password";
  return out;
}

}  // namespace doorlock::sim
