#include "lock_simulator.h"

#include <algorithm>
#include <utility>

#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/time_sync.h"
#include "doorlock/error.h"
#include "firmware_handshake.h"

namespace doorlock::sim {

namespace {

namespace cmd = ble::cmd;

// The SDK drops a link that has not paired within tuya_ble_connect_monitor_timeout_ms (30 s).
constexpr int64_t kPairingTimeoutSeconds = 30;
// Before BONDING_CONN the SDK serves only these (S1 tuya_ble_commonData_rx_proc): device info,
// pair, login key, factory test, Wi-Fi config and anomaly unbind.
constexpr uint16_t kPreBondingCommands[] = {0x0000, 0x0001, 0x0004, 0x0012, 0x0021, 0x0014};
// The decryption of the SDK refuses air frames shorter than mode | IV, whatever the mode.
constexpr size_t kMinAirFrame = 1 + ble::kIvSize;
// TUYA_BLE_RECEIVE_MAX_DP_DATA_LEN of protocol 4: the longest v4 DP write DATA.
constexpr size_t kMaxDpWriteV4 = 512 + 4;
// A v4 write answer echoes the request's first 5 bytes (ver | dp_sn).
constexpr size_t kDpWriteEcho = 5;
constexpr uint8_t kFrameSeqLimit = 16;
constexpr size_t kDefaultSendMtu = 20;
// Device-info fields of the simulated firmware (S1 reports 4.1 for v4; v3 uses the 3.2+ layout).
constexpr uint16_t kFirmwareVersion = 0x0100;
constexpr uint16_t kHardwareVersion = 0x0100;
constexpr uint16_t kRegisterFromBle = 0x0001;  // TUYA_BLE_DEVICE_COMMUNICATION_ABILITY_REGISTER_FROM_BLE

// TUYA_BLE_RECEIVE_MAX_DATA_LEN: the largest DATA a frame may carry into the lock.
size_t max_receive_data(int protocol) {
  return (ble::max_air_frame_size(protocol) - kMinAirFrame) / 16 * 16 - (ble::kFrameHeaderSize + ble::kCrcSize);
}

bool allowed_before_pairing(uint16_t command) {
  return std::find(std::begin(kPreBondingCommands), std::end(kPreBondingCommands), command) !=
         std::end(kPreBondingCommands);
}

bool is_digits(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void check_options(const LockSimulatorOptions& options) {
  if (options.random == nullptr) throw_invalid("random", "a random source is required");
  if (!options.clock) throw_invalid("clock", "a clock is required");
  if (options.local_key.size() < ble::kLoginKeySize || options.local_key.size() > 64) {
    throw_invalid("localKey", "must be the cloud localKey (6..64 characters)");
  }
  if (options.uuid.size() != ble::kDeviceIdSize) throw_invalid("uuid", "must be the 16-character device id");
  if (options.dev_id.size() > ble::kVirtualIdSize) throw_invalid("devId", "must be at most 22 characters");
  if (options.protocol != 3 && options.protocol != 4) throw_invalid("protocol", "must be 3 or 4");
  if (options.mtu < ble::kMinMtu || options.mtu > ble::kMaxMtu) throw_invalid("mtu", "must be 20..512");
  if (options.time_request != cmd::kTimeMsRequest && options.time_request != cmd::kTimeDateRequest) {
    throw_invalid("timeRequest", "must be 0x8011 or 0x8012");
  }
  if (options.time_zone < ble::kMinZone || options.time_zone > ble::kMaxZone) {
    throw_invalid("timeZone", "must be -1200..1400 hundredths of an hour");
  }
}

namespace {

LockSimulatorOptions checked(LockSimulatorOptions options) {
  check_options(options);
  return options;
}

}  // namespace

LockSimulator::LockSimulator(LockSimulatorOptions options)
    : options_(checked(std::move(options))),
      login_key_(ble::kLoginKeySize),
      bound_(options_.bound),
      dev_id_(options_.dev_id),
      time_zone_(options_.time_zone),
      store_(options_.limits),
      reassembler_(options_.protocol, options_.mtu) {
  if (bound_) std::copy(options_.local_key.data(), options_.local_key.data() + ble::kLoginKeySize, login_key_.data());
  context_.slave_id = options_.slave_id;
  context_.dialect = options_.dialect;
  context_.firmware = options_.firmware;
  context_.window_check = options_.window_check;
  context_.record_delay_ms = options_.record_delay_ms;
  if (!options_.clock_ms) options_.clock_ms = [clock = options_.clock] { return clock() * 1000; };
  if (options_.check_code) store_.hosts().push_back(Host{options_.master_id, *options_.check_code});
}

// ---- link ----

int64_t LockSimulator::rtc() const { return options_.clock() + rtc_offset_; }

void LockSimulator::note(const char* type, std::string reason, uint16_t command) {
  events_.push_back(LockEvent{type, std::move(reason), command});
}

void LockSimulator::connect() {
  connected_ = true;
  paired_ = false;
  time_synced_ = false;
  connected_at_ = options_.clock();
  last_received_sn_ = 0;
  next_send_sn_ = 1;
  srand_.reset();
  send_mtu_ = kDefaultSendMtu;
  reassembler_.reset();
  unanswered_reports_.clear();
  pending_.clear();
  pair_source_.reset();
  note("connected", "");
}

void LockSimulator::lose_link(std::string reason) {
  connected_ = false;
  paired_ = false;
  srand_.reset();
  reassembler_.reset();
  unanswered_reports_.clear();
  // Reports the lock meant to send later have no link to go out on; their records wait for DP 69.
  pending_.clear();
  note("disconnected", std::move(reason));
}

void LockSimulator::disconnect() {
  if (connected_) lose_link("central");
}

std::vector<Bytes> LockSimulator::take_outbox() { return std::exchange(outbox_, {}); }

std::vector<Bytes> LockSimulator::receive(const uint8_t* packet, size_t size) {
  outbox_.clear();
  if (!connected_) {
    drop("not_connected");
    return {};
  }
  if (!paired_ && options_.clock() - connected_at_ >= kPairingTimeoutSeconds) {
    lose_link("pairing_timeout");
    return {};
  }
  const std::optional<Bytes> air = reassembler_.push(packet, size);
  if (!air) {
    if (reassembler_.last_status() == ble::Reassembler::Status::Discarded) {
      drop(std::string("reassembly: ") + reassembler_.last_problem());
    } else if (reassembler_.last_status() == ble::Reassembler::Status::Duplicate) {
      note("ignored", "duplicate_packet");
    }
    return {};
  }
  handle_air_frame(*air);
  return take_outbox();
}

// ---- frames in ----

std::optional<SecretBytes> LockSimulator::key_for(uint8_t mode, const char*& why) const {
  switch (mode) {
    case ble::kModeKey4: return ble::derive_key4(login_key_);
    case ble::kModeSession:
      // The session key needs this link's srand: no device-info answer yet, no session.
      if (!srand_) {
        why = "no_session_key";
        return std::nullopt;
      }
      return ble::derive_session_key(login_key_, srand_->data(), srand_->size());
    default: why = "unsupported_mode"; return std::nullopt;
  }
}

void LockSimulator::handle_air_frame(const Bytes& air) {
  if ((reassembler_.version() >> 4) < 2) return drop("version_not_compatible");
  const uint8_t mode = air[0];
  if (bound_ && mode == ble::kModeNone) return drop("unencrypted_frame_while_bound");
  if (air.size() < kMinAirFrame) return drop("air_frame_too_short");
  std::optional<SecretBytes> key;
  if (mode != ble::kModeNone) {
    const char* why = "";
    key = key_for(mode, why);
    if (!key) return drop(why);
  }
  ble::Frame frame;
  try {
    frame = ble::decode_air_frame(air.data(), air.size(), key ? key->data() : nullptr);
  } catch (const Error& error) {
    return drop(error.code() == ErrorCode::CrcMismatch ? "crc_mismatch" : "bad_frame: " + error.message());
  }
  if (frame.data.size() >= max_receive_data(options_.protocol)) return drop("data_too_long", frame.cmd);
  // A replayed or reordered frame: the SDK logs "ble receive SN error" and disconnects.
  if (frame.sn <= last_received_sn_) return lose_link("replayed_sn");
  last_received_sn_ = frame.sn;
  if (!paired_ && !allowed_before_pairing(frame.cmd)) return drop("not_before_pairing", frame.cmd);
  try {
    dispatch(frame, mode);
  } catch (const Error& error) {
    // Whatever the app sent, the lock carries on; a test sees why this frame went unanswered.
    note("ignored", "failed: " + error.message(), frame.cmd);
  }
}

void LockSimulator::dispatch(const ble::Frame& frame, uint8_t mode) {
  switch (frame.cmd) {
    case cmd::kDeviceInfo: return on_device_info(frame, mode);
    case cmd::kPair: return on_pair(frame, mode);
    case cmd::kStateQuery: return on_state_query(frame);
    case cmd::kUnbind: return on_unbind(frame, false);
    case cmd::kDeviceReset: return on_unbind(frame, true);
    case cmd::kTimeMsRequest:
    case cmd::kTimeDateRequest: return on_time_answer(frame);
    default: break;
  }
  // A firmware speaks one DP dialect: v3 writes and reports, or v4 ones; the other is unknown to it.
  if (ble::is_dp_write_command(frame.cmd) && ble::dp_command_protocol(frame.cmd) == options_.protocol) {
    return on_dp_write(frame);
  }
  if (ble::is_dp_report_command(frame.cmd) && ble::dp_command_protocol(frame.cmd) == options_.protocol) {
    return on_report_answer(frame);
  }
  note("ignored", "unhandled_command", frame.cmd);
}

void LockSimulator::on_device_info(const ble::Frame& frame, uint8_t mode) {
  uint16_t app_mtu = 0;
  try {
    app_mtu = ble::decode_device_info_request(options_.protocol, frame.data.data(), frame.data.size());
  } catch (const Error&) {
    return lose_link("bad_device_info_request");
  }
  // v4 sends with the app's MTU when the lock can (the SDK falls back to 20 otherwise, and so does
  // this lock below 20, the smallest packet the codec writes); v3 always sends 20.
  send_mtu_ = options_.protocol >= 4 && app_mtu >= ble::kMinMtu && app_mtu <= options_.mtu ? app_mtu : kDefaultSendMtu;
  Bytes srand(ble::kSrandSize, 0);
  // An all-zero srand would make the SDK refuse its own session key.
  while (std::all_of(srand.begin(), srand.end(), [](uint8_t b) { return b == 0; })) {
    options_.random->fill(srand.data(), srand.size());
  }
  srand_ = srand;

  ble::DeviceInfo info;
  info.firmware_version = kFirmwareVersion;
  info.protocol_major = static_cast<uint8_t>(options_.protocol);
  info.protocol_minor = options_.protocol >= 4 ? 1 : 2;
  info.bound = bound_;
  info.srand = srand;
  info.hardware_version = kHardwareVersion;
  info.firmware_version3 = static_cast<uint32_t>(kFirmwareVersion) << 8;
  info.hardware_version3 = static_cast<uint32_t>(kHardwareVersion) << 8;
  info.communication_ability = kRegisterFromBle;
  info.virtual_id = dev_id_;
  Bytes data = ble::encode_device_info(info);
  if (options_.protocol >= 4) data.push_back(0);  // firmware-key length: this firmware has none
  // The answer goes out in the request's mode (the SDK's encry_mode = recv_data[0]).
  send(cmd::kDeviceInfo, frame.sn, data, mode);
}

void LockSimulator::on_pair(const ble::Frame& frame, uint8_t mode) {
  const std::optional<fw::PairRequest> request =
      fw::read_pair_request(frame.data.data(), frame.data.size(), options_.protocol);
  if (!request || request->uuid != options_.uuid) {
    send(cmd::kPair, frame.sn, Bytes{ble::kPairFailed}, mode);
    return lose_link("device_id_mismatch");
  }
  const bool was_bound = bound_;
  if (!bound_) {
    // An unbound lock that registers over BLE takes the login key and virtual id it is given.
    std::copy(request->login_key.begin(), request->login_key.end(), login_key_.data());
    dev_id_ = request->virtual_id;
    bound_ = true;
  }
  paired_ = true;
  pair_source_ = request->source;
  note("paired", was_bound ? "already_bound" : "bound", cmd::kPair);
  // A protocol-4 lock reads the source at DATA[61]; a shorter request leaves it reading past the end.
  if (options_.protocol >= 4 && !request->source) note("ignored", "pair_source_missing", cmd::kPair);
  send(cmd::kPair, frame.sn, Bytes{was_bound ? ble::kPairAlreadyBound : ble::kPairOk}, ble::kModeSession);
  send(options_.time_request, 0, Bytes{}, ble::kModeSession);
}

void LockSimulator::on_time_answer(const ble::Frame& frame) {
  const bool ms = frame.cmd == cmd::kTimeMsRequest;
  const size_t minimum = ms ? fw::kTimeMsMinData : fw::kTimeDateMinData;
  if (frame.data.size() < minimum) return drop("time_answer_too_short", frame.cmd);
  const std::optional<fw::TimeAnswer> answer = ms ? fw::read_time_ms_answer(frame.data.data(), frame.data.size())
                                                  : fw::read_time_date_answer(frame.data.data(), frame.data.size());
  if (!answer) return drop("bad_time_answer", frame.cmd);
  set_rtc(answer->unix_seconds, answer->zone, frame.cmd);
}

void LockSimulator::set_rtc(int64_t seconds, int zone, uint16_t command) {
  rtc_offset_ = seconds - options_.clock();
  time_zone_ = zone;
  time_synced_ = true;
  note("time_synced", std::to_string(seconds) + " zone " + std::to_string(zone), command);
}

void LockSimulator::on_dp_write(const ble::Frame& frame) {
  const bool v4 = frame.cmd == cmd::kDpWriteV4;
  const size_t limit = v4 ? kMaxDpWriteV4 : max_receive_data(options_.protocol);
  // The SDK layer: a DP list it can parse is acknowledged with status 0, before (and whatever)
  // the lock application makes of it.
  ble::DpWriteAnswer answer;
  answer.status = ble::kStatusError;
  const size_t minimum = v4 ? kDpWriteEcho : 1;
  size_t dp_count = 0;
  if (frame.data.size() >= minimum && frame.data.size() <= limit) {
    try {
      dp_count = ble::decode_dp_write(frame.cmd, frame.data.data(), frame.data.size()).dps.size();
      // An empty DP list fails the SDK's parser as well.
      if (dp_count != 0) answer.status = ble::kStatusOk;
    } catch (const Error&) {
    }
  }
  Bytes data = ble::encode_dp_write_answer(frame.cmd, answer);
  if (v4) std::copy(frame.data.begin(), frame.data.begin() + std::min(kDpWriteEcho, frame.data.size()), data.begin());
  send(frame.cmd, frame.sn, data, ble::kModeSession);
  if (answer.status != ble::kStatusOk) return note("dp_write", "refused", frame.cmd);
  // The lock application: exactly one DP, or nothing at all (S4 app_common.c, DP_WRITE event).
  const size_t list_at = v4 ? kDpWriteEcho : 0;
  const std::optional<fw::RawDp> dp =
      fw::one_dp_of_write(frame.data.data() + list_at, frame.data.size() - list_at, options_.protocol);
  if (!dp) return drop("several_dps_in_one_write: " + std::to_string(dp_count) + " DPs", frame.cmd);
  note("dp_write", std::to_string(dp->id), frame.cmd);
  apply_dp(*dp);
}

void LockSimulator::apply_dp(const fw::RawDp& dp) {
  context_.now = rtc();
  context_.zone = time_zone_;
  const DpOutcome outcome = handle_dp(dp, store_, context_);
  for (const auto& problem : outcome.problems) note("ignored", problem);
  for (const auto& report : outcome.reports) {
    if (report.delay_ms <= 0) {
      send_report(report);
      continue;
    }
    const int64_t due = options_.clock_ms() + report.delay_ms;
    const auto at = std::upper_bound(pending_.begin(), pending_.end(), due,
                                     [](int64_t value, const Pending& p) { return value < p.due_ms; });
    pending_.insert(at, Pending{due, report});
  }
}

std::optional<int64_t> LockSimulator::next_due() const {
  if (pending_.empty()) return std::nullopt;
  return pending_.front().due_ms;
}

std::vector<Bytes> LockSimulator::take_due(int64_t now_ms) {
  outbox_.clear();
  while (!pending_.empty() && pending_.front().due_ms <= now_ms) {
    const Report report = std::move(pending_.front().report);
    pending_.erase(pending_.begin());
    send_report(report);
  }
  return take_outbox();
}

void LockSimulator::on_state_query(const ble::Frame& frame) {
  send(frame.cmd, frame.sn, Bytes{ble::kStatusOk}, ble::kModeSession);
  const bool all = frame.data.empty();
  if (all || std::find(frame.data.begin(), frame.data.end(), kDpBattery) != frame.data.end()) {
    Report report;
    report.dps.push_back(ble::Dp::integer(kDpBattery, context_.battery));
    send_report(report);
  }
}

void LockSimulator::on_unbind(const ble::Frame& frame, bool reset) {
  send(frame.cmd, frame.sn, Bytes{ble::kStatusOk}, ble::kModeSession);
  std::fill(login_key_.data(), login_key_.data() + login_key_.size(), 0);
  bound_ = false;
  if (reset) dev_id_.clear();
  note("unbound", reset ? "reset" : "unbind", frame.cmd);
  lose_link(reset ? "reset" : "unbound");
}

void LockSimulator::on_report_answer(const ble::Frame& frame) {
  if (frame.cmd == cmd::kDpReport || frame.cmd == cmd::kDpReportWithTime) {
    const uint8_t status = frame.data.empty() ? ble::kStatusOk : frame.data[0];
    return note("report_ack", "status " + std::to_string(status), frame.cmd);
  }
  // v4: exactly ver | sn | flag | mode | status, echoing a report this lock sent.
  if (frame.data.size() != kDpWriteEcho + 3) return note("ignored", "report answer is not 8 bytes", frame.cmd);
  const uint32_t sn = get_u32be(frame.data.data() + 1);
  const auto it = unanswered_reports_.find(sn);
  if (it == unanswered_reports_.end()) return note("ignored", "answer to an unknown report", frame.cmd);
  try {
    const uint8_t status = ble::decode_dp_report_answer(frame.cmd, it->second, frame.data.data(), frame.data.size());
    note("report_ack", "sn " + std::to_string(sn) + " status " + std::to_string(status), frame.cmd);
    unanswered_reports_.erase(it);
  } catch (const Error& error) {
    note("ignored", error.message(), frame.cmd);
  }
}

// ---- frames out ----

void LockSimulator::send(uint16_t command, uint32_t ack_sn, const Bytes& data, uint8_t mode) {
  const char* why = "";
  const std::optional<SecretBytes> key = mode == ble::kModeNone ? std::nullopt : key_for(mode, why);
  if (mode != ble::kModeNone && !key) return note("send_failed", why, command);
  const ble::Frame frame{next_send_sn_++, ack_sn, command, data};
  const Bytes air = key ? ble::encode_air_frame(frame, mode, *key, *options_.random, ble::Padding::Tuya)
                        : ble::encode_air_frame(frame, mode, nullptr, nullptr);
  std::vector<Bytes> packets = ble::packetize(air.data(), air.size(), send_mtu_, options_.protocol);
  // The version byte follows varint(0) and varint(total) in packet 0; its low nibble counts frames.
  size_t offset = 0;
  uint32_t ignored = 0;
  ble::read_varint(packets[0].data(), packets[0].size(), offset, ignored);
  ble::read_varint(packets[0].data(), packets[0].size(), offset, ignored);
  const uint8_t seq = frame_seq_ >= kFrameSeqLimit ? 0 : frame_seq_++;
  packets[0][offset] = static_cast<uint8_t>((packets[0][offset] & 0xF0) | seq);
  for (auto& packet : packets) outbox_.push_back(std::move(packet));
}

void LockSimulator::send_report(const Report& report) {
  if (!can_report()) return;
  const bool v4 = options_.protocol >= 4;
  const uint16_t command = v4 ? (report.with_time ? cmd::kDpReportV4WithTime : cmd::kDpReportV4)
                              : (report.with_time ? cmd::kDpReportWithTime : cmd::kDpReport);
  ble::DpReport message;
  message.dps = report.dps;
  if (v4) message.sn = next_report_sn_++;
  if (report.with_time) {
    message.has_time = true;
    message.time_type = ble::TimeType::UnixSeconds;
    message.time_ms = static_cast<uint64_t>(report.time) * 1000;
  }
  Bytes data;
  try {
    data = ble::encode_dp_report(command, message);
  } catch (const Error& error) {
    return note("send_failed", error.message(), command);
  }
  send(command, 0, data, ble::kModeSession);
  if (v4) unanswered_reports_[message.sn] = message;
  if (report.log_index) store_.log()[*report.log_index].reported = true;
}

// ---- the lock's own controls ----

KeypadResult LockSimulator::press_keypad(std::string_view pin, std::optional<int64_t> at) {
  if (pin.empty() || pin.size() > 16 || !is_digits(pin)) throw_invalid("pin", "must be 1..16 digits");
  Bytes digits;
  for (char c : pin) digits.push_back(static_cast<uint8_t>(c - '0'));
  context_.zone = time_zone_;
  KeypadResult result;
  const std::optional<Report> report = keypad_unlock(digits, at ? *at : rtc(), store_, context_, result.outcome);
  outbox_.clear();
  if (report) send_report(*report);
  result.notifications = take_outbox();
  return result;
}

std::vector<Bytes> LockSimulator::report(const std::vector<ble::Dp>& dps, bool with_time) {
  outbox_.clear();
  Report out;
  out.dps = dps;
  out.with_time = with_time;
  out.time = rtc();
  send_report(out);
  return take_outbox();
}

LockStatus LockSimulator::status() const {
  LockStatus out;
  out.connected = connected_;
  out.paired = paired_;
  out.bound = bound_;
  out.unlocked = context_.unlocked;
  out.last_received_sn = last_received_sn_;
  out.next_send_sn = next_send_sn_;
  out.srand = srand_;
  out.send_mtu = send_mtu_;
  out.rtc = rtc();
  out.time_zone = time_zone_;
  out.time_synced = time_synced_;
  out.dev_id = dev_id_;
  out.t0 = store_.t0();
  out.pair_source = pair_source_;
  out.pending_reports = pending_.size();
  return out;
}

}  // namespace doorlock::sim
