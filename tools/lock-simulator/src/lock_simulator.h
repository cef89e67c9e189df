// A simulated Tuya BLE lock: the device side of the protocol (ble-protocol.md), for tests and demos.
//
// It receives the app's GATT writes one packet at a time and answers with the notifications a lock
// would send, applying the device rules of the Tuya BLE SDK: sub-packet reassembly (duplicates
// ignored, gaps and steps back discard, packets longer than the MTU refused, frame totals capped),
// the version nibble, mode 0 refused once bound, SN strictly increasing or the link drops, only the
// pre-bonding commands before pairing, the device-id check of the pair request, a fresh srand for
// every device-info request, the time request after pairing, v3 (0x0002) or v4 (0x0027) DP writes,
// and reports (0x8001/0x8003 or 0x8006/0x8007) for DP replies and unlock records. Above the SDK
// layer, the lock application takes a DP write only when it holds exactly one DP (after the SDK
// has acknowledged it); the lock DPs it serves are in lock_dp_handlers.h.
//
// Nothing here does I/O and nothing runs on its own: receive() returns what the lock sends at once,
// and what the lock sends later (the unlock record, about 200 ms after a DP 71 reply) waits in a
// queue until the host asks for it with take_due(). A test (or the JS simulator adapter) carries
// the packets.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doorlock/ble/dp.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/frame.h"
#include "doorlock/ble/packets.h"
#include "lock_dp_handlers.h"
#include "lock_options.h"
#include "lock_store.h"

namespace doorlock::sim {

// Something the lock did that a test may want to see: a dropped frame and why, a disconnect and
// why, a completed pairing or time sync, an acknowledged report.
struct LockEvent {
  std::string type;    // "dropped", "disconnected", "connected", "paired", "time_synced", "unbound",
                       // "dp_write", "report_ack", "ignored", "send_failed"
  std::string reason;  // e.g. "replayed_sn", "crc_mismatch", "not_before_pairing", "device_id_mismatch",
                       // "several_dps_in_one_write", "time_answer_too_short"
  uint16_t cmd = 0;    // the command concerned, when there is one
};

struct LockStatus {
  bool connected = false;
  bool paired = false;  // the SDK's BONDING_CONN: the pair request succeeded on this link
  bool bound = false;
  bool unlocked = false;  // the bolt, as the last lock/unlock left it
  uint32_t last_received_sn = 0;
  uint32_t next_send_sn = 1;
  std::optional<Bytes> srand;  // of the last device-info answer on this link
  size_t send_mtu = 20;        // packet size the lock sends with
  int64_t rtc = 0;             // the lock's clock, Unix seconds
  int time_zone = 0;           // hundredths of an hour
  bool time_synced = false;    // a time answer was accepted on this link
  std::string dev_id;
  uint32_t t0 = 0;
  // The connection source the last pair request carried where this firmware reads it (protocol 4:
  // DATA[61]); nullopt when it does not read one or the request ended before it.
  std::optional<uint8_t> pair_source;
  size_t pending_reports = 0;  // reports waiting for take_due()
};

struct KeypadResult {
  KeypadOutcome outcome;
  std::vector<Bytes> notifications;  // the record report, when an app is paired on the link
};

class LockSimulator {
 public:
  explicit LockSimulator(LockSimulatorOptions options);
  LockSimulator(const LockSimulator&) = delete;
  LockSimulator& operator=(const LockSimulator&) = delete;

  // A central connects: SN counters, srand, reassembly and pairing start afresh. Connecting while
  // connected is a new link (the old one is forgotten).
  void connect();
  // The link drops, from either side.
  void disconnect();

  // One GATT write from the app. Returns the notifications the lock sends at once, in order
  // (empty when it drops the packet or is still waiting for more of the frame). Reports the lock
  // sends later are queued: see next_due() and take_due().
  std::vector<Bytes> receive(const uint8_t* packet, size_t size);
  std::vector<Bytes> receive(const Bytes& packet) { return receive(packet.data(), packet.size()); }

  // When the first queued report falls due, in the milliseconds of clock_ms; nullopt when none waits.
  std::optional<int64_t> next_due() const;
  // The notifications of every queued report due at `now_ms` (in order), each framed now with the
  // next SN. A report whose link has gone is not sent: its record waits for DP 69.
  std::vector<Bytes> take_due(int64_t now_ms);

  // Someone types `pin` (digits) on the keypad, at `at` (Unix seconds) or now on the lock's RTC.
  // The lock checks it against its stored passwords in its local time; an opening is logged and,
  // when an app is paired on the link, reported with its time. Throws INVALID_ARGUMENT ("pin") for
  // anything but 1..16 digits.
  KeypadResult press_keypad(std::string_view pin, std::optional<int64_t> at = std::nullopt);

  // Reports DPs unprompted, as a lock does for battery or door state changes. Returns the packets,
  // or nothing when no app is paired on the link.
  std::vector<Bytes> report(const std::vector<ble::Dp>& dps, bool with_time);

  LockStatus status() const;
  const LockStore& store() const noexcept { return store_; }
  LockStore& store() noexcept { return store_; }
  const std::vector<LockEvent>& events() const noexcept { return events_; }
  void clear_events() noexcept { events_.clear(); }

 private:
  int64_t rtc() const;
  void note(const char* type, std::string reason, uint16_t cmd = 0);
  void drop(std::string reason, uint16_t cmd = 0) { note("dropped", std::move(reason), cmd); }
  void lose_link(std::string reason);

  void handle_air_frame(const Bytes& air);
  std::optional<SecretBytes> key_for(uint8_t mode, const char*& why) const;
  bool can_report() const noexcept { return connected_ && paired_; }
  void dispatch(const ble::Frame& frame, uint8_t mode);
  void on_device_info(const ble::Frame& frame, uint8_t mode);
  void on_pair(const ble::Frame& frame, uint8_t mode);
  void on_dp_write(const ble::Frame& frame);
  void on_state_query(const ble::Frame& frame);
  void on_unbind(const ble::Frame& frame, bool reset);
  void on_time_answer(const ble::Frame& frame);
  void set_rtc(int64_t seconds, int zone, uint16_t command);
  void on_report_answer(const ble::Frame& frame);

  void apply_dp(const fw::RawDp& dp);
  void send(uint16_t cmd, uint32_t ack_sn, const Bytes& data, uint8_t mode);
  void send_report(const Report& report);
  std::vector<Bytes> take_outbox();

  LockSimulatorOptions options_;
  SecretBytes login_key_;  // 6 bytes; zeros once unbound, as the SDK clears it
  bool bound_;
  std::string dev_id_;
  int64_t rtc_offset_ = 0;
  int time_zone_;
  LockStore store_;
  LockContext context_;

  bool connected_ = false;
  bool paired_ = false;
  bool time_synced_ = false;
  int64_t connected_at_ = 0;
  uint32_t last_received_sn_ = 0;
  uint32_t next_send_sn_ = 1;
  uint32_t next_report_sn_ = 1;
  uint8_t frame_seq_ = 0;  // the packet header's 4-bit frame counter, as the SDK keeps it across links
  std::optional<Bytes> srand_;
  size_t send_mtu_ = 20;
  ble::Reassembler reassembler_;
  std::map<uint32_t, ble::DpReport> unanswered_reports_;  // v4 reports by sn, until the app answers

  struct Pending {
    int64_t due_ms = 0;
    Report report;
  };
  std::vector<Pending> pending_;  // in order of due time
  std::optional<uint8_t> pair_source_;

  std::vector<Bytes> outbox_;
  std::vector<LockEvent> events_;
};

}  // namespace doorlock::sim
