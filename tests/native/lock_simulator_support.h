// Shared by the lock simulator tests: a scripted random source, a settable clock, a lock factory,
// and an app side put together from the frame codec (not the session) for the tests that need to
// break the protocol on purpose.
#pragma once

#include <deque>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "doorlock/ble/frame.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/lock_dp.h"
#include "doorlock/ble/packets.h"
#include "doorlock/ble/session.h"
#include "doorlock/crypto/random.h"
#include "lock_simulator.h"
#include "test_support.h"

namespace doorlock::test {

inline constexpr const char* kLocalKey = "abcdef0123456789";
inline constexpr const char* kUuid = "tuya1234567890ab";
inline constexpr const char* kDevId = "bf0123456789abcdefghij";
inline constexpr const char* kCheckCode = "12345678";
inline constexpr int64_t kStart = 1700000000;  // 2023-11-14T22:13:20Z, a Tuesday

// Hands out scripted bytes first, then a counting pattern.
class ScriptedRandom final : public crypto::RandomSource {
 public:
  void script(const Bytes& bytes) { queue_.insert(queue_.end(), bytes.begin(), bytes.end()); }
  void fill(uint8_t* out, size_t size) override {
    for (size_t i = 0; i < size; ++i) {
      if (!queue_.empty()) {
        out[i] = queue_.front();
        queue_.pop_front();
      } else {
        out[i] = next_++;
      }
    }
  }

 private:
  std::deque<uint8_t> queue_;
  uint8_t next_ = 0x40;
};

struct Clock {
  int64_t now = kStart;
  std::function<int64_t()> source() {
    return [this] { return now; };
  }
};

inline sim::CheckCode check_code(const std::string& text) {
  sim::CheckCode code{};
  std::copy(text.begin(), text.end(), code.begin());
  return code;
}

inline sim::LockSimulatorOptions lock_options(ScriptedRandom& random, Clock& clock, int protocol = 3, size_t mtu = 20) {
  sim::LockSimulatorOptions options;
  options.local_key = secret(kLocalKey);
  options.uuid = kUuid;
  options.dev_id = kDevId;
  options.protocol = protocol;
  options.mtu = mtu;
  options.check_code = check_code(kCheckCode);
  options.clock = clock.source();
  options.random = &random;
  return options;
}

// Every packet of a list, fed in order; the notifications of all of them.
inline std::vector<Bytes> feed(sim::LockSimulator& lock, const std::vector<Bytes>& packets) {
  std::vector<Bytes> out;
  for (const Bytes& packet : packets) {
    for (Bytes& note : lock.receive(packet)) out.push_back(std::move(note));
  }
  return out;
}

inline bool has_event(const sim::LockSimulator& lock, const std::string& type, const std::string& reason) {
  for (const auto& event : lock.events()) {
    if (event.type == type && event.reason.find(reason) != std::string::npos) return true;
  }
  return false;
}

// The app side assembled from codec parts, so that tests can send what a correct session never
// would: replayed SNs, wrong keys, broken packets.
class RawApp {
 public:
  RawApp(int protocol, size_t mtu) : protocol_(protocol), mtu_(mtu) {}

  ble::Frame frame(uint16_t command, Bytes data, uint32_t sn = 0) {
    ble::Frame out;
    out.sn = sn != 0 ? sn : next_sn_++;
    out.cmd = command;
    out.data = std::move(data);
    return out;
  }

  Bytes air(const ble::Frame& frame, uint8_t mode) {
    if (mode == ble::kModeNone) return ble::encode_air_frame(frame, mode, nullptr, nullptr);
    const SecretBytes key = key_for(mode);
    return ble::encode_air_frame(frame, mode, key, random_, ble::Padding::Zero);
  }

  std::vector<Bytes> packets(const Bytes& air) const { return ble::packetize(air.data(), air.size(), mtu_, protocol_); }

  std::vector<Bytes> send(uint16_t command, Bytes data, uint8_t mode = ble::kModeSession, uint32_t sn = 0) {
    return packets(air(frame(command, std::move(data), sn), mode));
  }

  // The frames in a batch of notifications, decrypted with the mode each one names.
  std::vector<ble::Frame> read(const std::vector<Bytes>& notifications) {
    std::vector<ble::Frame> out;
    for (const Bytes& packet : notifications) {
      const std::optional<Bytes> air = reassembler_.push(packet.data(), packet.size());
      if (!air) continue;
      const SecretBytes key = key_for((*air)[0]);
      out.push_back(ble::decode_air_frame(air->data(), air->size(), key.data()));
    }
    return out;
  }

  SecretBytes key_for(uint8_t mode) const {
    const SecretBytes local = secret(local_key);
    if (mode == ble::kModeKey4) return ble::derive_key4(local);
    return ble::derive_session_key(local, srand.data(), srand.size());
  }

  std::string local_key = kLocalKey;
  Bytes srand = Bytes(6, 0);

 private:
  int protocol_;
  size_t mtu_;
  uint32_t next_sn_ = 1;
  ScriptedRandom random_;
  ble::Reassembler reassembler_{4};
};

// An app session (the project's ble::Session) and a simulated lock wired together: every write
// of the app reaches the lock and every notification reaches the app, in order, until both are quiet.
class Link {
 public:
  explicit Link(int protocol, size_t mtu, int16_t app_zone = 800,
                const std::function<void(sim::LockSimulatorOptions&)>& adjust = {})
      : protocol_(protocol), mtu_(mtu) {
    auto options = lock_options(lock_random, clock, protocol, mtu);
    if (adjust) adjust(options);
    lock = std::make_unique<sim::LockSimulator>(std::move(options));
    app = std::make_unique<ble::Session>(session_config(app_zone), app_random);
  }

  ble::SessionConfig session_config(int16_t zone) const {
    ble::SessionConfig config;
    config.local_key = secret(kLocalKey);
    config.uuid = kUuid;
    config.dev_id = kDevId;
    config.protocol = protocol_;
    config.mtu = mtu_;
    config.zone = zone;
    return config;
  }

  // Connects and runs device info, pairing and the time answer; returns their events.
  nlohmann::json open() {
    lock->connect();
    return pump(app->start());
  }

  // Delivers app packets to the lock and everything that follows; the app's events.
  nlohmann::json pump(std::vector<Bytes> writes) {
    nlohmann::json events = nlohmann::json::array();
    std::deque<Bytes> to_lock(writes.begin(), writes.end());
    while (!to_lock.empty()) {
      const Bytes packet = to_lock.front();
      to_lock.pop_front();
      CHECK(packet.size() <= mtu_);
      for (const Bytes& note : lock->receive(packet)) {
        CHECK(note.size() <= lock->status().send_mtu);
        ++notifications;
        ble::SessionOutput out = app->receive(note.data(), note.size(), app_now_ms());
        for (auto& event : out.events) events.push_back(event);
        to_lock.insert(to_lock.end(), out.write.begin(), out.write.end());
      }
    }
    return events;
  }

  // Lets the lock's clock run until nothing is queued (the unlock record ~200 ms after a DP 71
  // reply), delivering each delayed report to the app; the app's events.
  nlohmann::json settle() {
    nlohmann::json events = nlohmann::json::array();
    while (const std::optional<int64_t> due = lock->next_due()) {
      for (auto& event : deliver(lock->take_due(*due))) events.push_back(event);
    }
    return events;
  }

  // Writes DPs through the session; the events that come back, at once and then delayed.
  nlohmann::json write(const std::vector<ble::Dp>& dps) {
    nlohmann::json events = pump(app->write_dps(dps).packets);
    for (auto& event : settle()) events.push_back(event);
    return events;
  }

  nlohmann::json write(ble::lock_dp::Message message, const nlohmann::json& request,
                       const ble::lock_dp::Options& options = {}) {
    return write({ble::lock_dp::request_dp(message, request, options)});
  }

  // Notifications the lock sent on its own (keypad, reports) handed to the app.
  nlohmann::json deliver(const std::vector<Bytes>& notes) {
    nlohmann::json events = nlohmann::json::array();
    std::vector<Bytes> writes;
    for (const Bytes& note : notes) {
      ble::SessionOutput out = app->receive(note.data(), note.size(), app_now_ms());
      for (auto& event : out.events) events.push_back(event);
      writes.insert(writes.end(), out.write.begin(), out.write.end());
    }
    for (auto& event : pump(writes)) events.push_back(event);
    return events;
  }

  uint64_t app_now_ms() const { return app_time_ms != 0 ? app_time_ms : static_cast<uint64_t>(clock.now) * 1000; }

  ScriptedRandom lock_random;
  ScriptedRandom app_random;
  Clock clock;
  uint64_t app_time_ms = 0;  // the phone's clock when it differs from the lock's
  size_t notifications = 0;
  std::unique_ptr<sim::LockSimulator> lock;
  std::unique_ptr<ble::Session> app;

 private:
  int protocol_;
  size_t mtu_;
};

// The events of one type.
inline std::vector<nlohmann::json> of_type(const nlohmann::json& events, const std::string& type) {
  std::vector<nlohmann::json> out;
  for (const auto& event : events) {
    if (event.value("type", "") == type) out.push_back(event);
  }
  return out;
}

// The replies in DP `dp` among `dps` events, decoded with the app's lock-DP codec.
inline std::vector<nlohmann::json> replies(const nlohmann::json& events, ble::lock_dp::Message message,
                                           const ble::lock_dp::Options& options = {}) {
  std::vector<nlohmann::json> out;
  for (const auto& event : of_type(events, "dps")) {
    for (const auto& dp : event["dps"]) {
      if (dp["id"] != ble::lock_dp::dp_id(message)) continue;
      const auto& value = dp["value"].get_binary();
      out.push_back(ble::lock_dp::decode_reply(message, value.data(), value.size(), options));
    }
  }
  return out;
}

}  // namespace doorlock::test
