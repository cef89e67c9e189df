// The app side of one BLE connection to a bound lock (ble-protocol.md §7), as a state machine that
// never does I/O: it returns the packets to write and consumes the packets the lock notifies.
//
//   idle --start()--> info --device info--> pairing --pair answer--> ready --unbind()/close()--> closed
//
// - Device info goes out with mode 4 (md5(localKey[0:6])); its answer carries srand, and every
//   later frame uses mode 5 (md5(localKey[0:6] || srand)). Frames from the lock must use those
//   modes (mode 4 only for the device-info answer); anything else is refused.
// - SNs: ours start at 1 and grow by one per frame; the lock's must grow strictly too, and a frame
//   whose SN is not above the last one is dropped with REPLAYED_SN (a replay or a duplicate).
// - The lock's time requests (0x8011, 0x8012) are answered from the `now` the caller passes with
//   the packet and the session's zone; the core reads no clock.
// - Reports (0x8001/0x8003/0x8006/0x8007) become `dps` events and are acknowledged as the lock
//   expects. DP writes are matched to their acknowledgements by SN.
// - Keys live in SecretBytes and are wiped by unbind() and close().
// Problems with incoming packets never throw: they become { type: 'error', code } events and the
// session carries on. Calls made in the wrong state or with bad arguments throw.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "doorlock/ble/dp.h"
#include "doorlock/ble/frame.h"
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/packets.h"
#include "doorlock/bytes.h"
#include "doorlock/crypto/random.h"
#include "doorlock/json_build.h"

namespace doorlock::ble {

enum class SessionState : uint8_t { Idle, Info, Pairing, Ready, Closed };
const char* session_state_name(SessionState state) noexcept;  // "idle", "info", ...

struct SessionConfig {
  SecretBytes local_key;  // the cloud localKey (16 characters)
  std::string uuid;       // the lock's 16-character uuid
  std::string dev_id;     // the cloud device id (up to 22 characters)
  int protocol = 3;       // major version: 3 (1-byte DP lengths, 0x0002) or 4+ (0x0027, MTU in device info)
  size_t mtu = 20;        // bytes per GATT write, 20..512
  int16_t zone = 0;       // for time answers, hundredths of an hour
  std::optional<PairLayout> pair_layout;  // default (auto): the source at DATA[45] and DATA[61]
  Padding padding = Padding::Tuya;
};

struct SessionOutput {
  std::vector<Bytes> write;
  nlohmann::json events = empty_array();
};

struct SentFrame {
  uint32_t sn = 0;
  std::vector<Bytes> packets;
};

class Session {
 public:
  // INVALID_ARGUMENT (localKey, uuid, devId, protocol, mtu) on a bad configuration.
  Session(SessionConfig config, crypto::RandomSource& random);
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // The device-info request. INVALID_STATE unless idle.
  std::vector<Bytes> start();
  // One notification packet. `now_ms` (unix milliseconds) answers time requests; without it a
  // time request yields an error event.
  SessionOutput receive(const uint8_t* packet, size_t size, std::optional<uint64_t> now_ms);
  // INVALID_STATE unless ready; INVALID_ARGUMENT ("dps") unless it holds exactly one DP: the lock
  // application parses a write only when its DP length byte is the data length - 3 (S4
  // app/app_common/app_common.c, TUYA_BLE_CB_EVT_DP_WRITE), and every DP a lock takes goes through it.
  SentFrame write_dps(const std::vector<Dp>& dps);
  // Relays a cloud-built air frame unchanged (see instructions.h). Its SN is read from the frame
  // when the session holds its key (modes 4 and 5); otherwise `sn` must say which SN the cloud
  // used. REPLAYED_SN when that SN is not above the last one sent; then the session continues
  // after it. BAD_FRAME / CRC_MISMATCH when the frame does not decode with the session's key.
  // INVALID_ARGUMENT ("sn"), before anything is sent, when the SN would leave fewer than
  // kSnReserve SNs for the frames that follow (report answers, later commands): SNs cannot wrap,
  // so only a new connection (SNs start at 1 again) could go on.
  SentFrame relay_air_frame(const Bytes& air, std::optional<uint32_t> sn);
  static constexpr uint32_t kSnReserve = 1u << 16;
  // The unbind request; the session closes at once and wipes its keys (the lock answers and
  // disconnects; nothing else may be sent).
  std::vector<Bytes> unbind();
  void close() noexcept;

  SessionState state() const noexcept { return state_; }
  // The SN the next frame will carry: what doorLock.bleOpenInstruction wants as bluetooth_sn.
  uint32_t next_sn() const noexcept { return next_sn_; }
  int protocol() const noexcept { return config_.protocol; }

 private:
  struct PendingWrite {
    uint32_t sn;
    uint16_t cmd;
    uint32_t dp_sn;
  };

  static constexpr size_t kMaxPendingWrites = 32;

  // Frames `data` under the next SN (the caller wipes `data` when it is secret).
  SentFrame send(uint16_t command, const uint8_t* data, size_t size, uint32_t ack_sn = 0);
  // The same for an answer, whose packets go out with the output of the packet being handled.
  void send_into(SessionOutput& out, uint16_t command, const Bytes& data, uint32_t ack_sn);
  void remember(const PendingWrite& write);
  std::vector<Bytes> packets_of(const Bytes& air) const;
  void handle_frame(const Frame& frame, uint8_t mode, std::optional<uint64_t> now_ms, SessionOutput& out);
  void on_device_info(const Frame& frame, SessionOutput& out);
  void pair(const DeviceInfo& info, SessionOutput& out);
  void on_pair_answer(const Frame& frame, SessionOutput& out);
  void on_time_request(const Frame& frame, std::optional<uint64_t> now_ms, SessionOutput& out);
  void on_report(const Frame& frame, SessionOutput& out);
  void on_write_answer(const Frame& frame, SessionOutput& out);
  void wipe_keys() noexcept;

  SessionConfig config_;
  crypto::RandomSource& random_;
  SecretBytes key4_;
  SecretBytes session_key_;
  SessionState state_ = SessionState::Idle;
  Reassembler reassembler_;
  uint32_t next_sn_ = 1;
  uint32_t last_received_sn_ = 0;
  uint32_t info_sn_ = 0;
  uint32_t pair_sn_ = 0;
  uint32_t next_dp_sn_ = 1;
  std::vector<PendingWrite> pending_;  // writes awaiting their acknowledgement, oldest first
};

}  // namespace doorlock::ble
