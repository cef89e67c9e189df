// Shared by the lock simulator tests: a scripted random source, a settable clock, a lock factory,
// and an app side put together from the frame codec (not the session) for the tests that need to
// break the protocol on purpose.
#pragma once

#include <deque>
#include <string>
#include <vector>

#include "doorlock/ble/frame.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/packets.h"
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

inline sim::LockSimulatorOptions lock_options(ScriptedRandom& random, Clock& clock, int protocol = 3,
                                              size_t mtu = 20) {
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

  std::vector<Bytes> packets(const Bytes& air) const {
    return ble::packetize(air.data(), air.size(), mtu_, protocol_);
  }

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

}  // namespace doorlock::test
