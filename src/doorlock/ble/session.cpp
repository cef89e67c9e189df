#include "doorlock/ble/session.h"

#include <iterator>

#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp_json.h"
#include "doorlock/ble/dp_messages.h"
#include "doorlock/ble/frame_description.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/time_sync.h"
#include "doorlock/error.h"
#include "doorlock/json_build.h"

namespace doorlock::ble {

using nlohmann::json;

namespace {

// Events are built in place, member by member: brace-initialised JSON and temporaries cost far
// more code in the module.
json& add_event(SessionOutput& out, const char* type) {
  json& event = append_object(out.events);
  entry(event, "type") = type;
  return event;
}

json& add_error(SessionOutput& out, const char* code, std::string_view message, const char* detail = "") {
  json& event = add_event(out, "error");
  entry(event, "code") = code;
  json& text = entry(event, "message");
  text = std::string(message);
  text.get_ref<std::string&>() += detail;
  return event;
}

json& add_error(SessionOutput& out, ErrorCode code, std::string_view message, const char* detail = "") {
  return add_error(out, error_code_name(code), message, detail);
}

DOORLOCK_COLD void wrong_state(const char* action, SessionState state) {
  throw_error(ErrorCode::InvalidState,
              std::string(action) + " is not possible while the session is " + session_state_name(state));
}

void show_device_info(const DeviceInfo& info, SessionOutput& out) {
  put_device_info(add_event(out, "deviceInfo"), info);
}

void show_report(const DpReport& report, SessionOutput& out) {
  json dps = dps_to_json(report.dps);  // before the event: a DP that does not decode adds none
  json& shown = add_event(out, "dps");
  entry(shown, "dps") = std::move(dps);
  if (report.has_time) {
    entry(shown, "time") = report.time_ms / 1000;
    entry(shown, "timeMs") = report.time_ms;
  }
}

// How many DPs a DP write holds; their values (a check code) are wiped once counted. A list
// that does not decode counts as 0: the cloud built it, and the session relays it as it is.
size_t dp_count(const Frame& frame) {
  try {
    DpWrite write = decode_dp_write(frame.cmd, frame.data.data(), frame.data.size());
    for (Dp& dp : write.dps) wipe(dp.value);
    return write.dps.size();
  } catch (const Error&) {
    return 0;
  }
}

SessionConfig checked(SessionConfig config) {
  if (config.local_key.size() < kLoginKeySize) throw_invalid("localKey", "must be the cloud localKey (16 characters)");
  if (config.uuid.size() != kDeviceIdSize) throw_invalid("uuid", "must be the lock's 16-character uuid");
  if (config.dev_id.empty() || config.dev_id.size() > kVirtualIdSize)
    throw_invalid("devId", "must be 1..22 characters");
  if (config.protocol < 2 || config.protocol > 15) throw_invalid("protocol", "must be a protocol major version 2..15");
  if (config.mtu < kMinMtu || config.mtu > kMaxMtu) throw_invalid("mtu", "must be 20..512");
  return config;
}

}  // namespace

const char* session_state_name(SessionState state) noexcept {
  switch (state) {
    case SessionState::Idle: return "idle";
    case SessionState::Info: return "info";
    case SessionState::Pairing: return "pairing";
    case SessionState::Ready: return "ready";
    case SessionState::Closed: return "closed";
  }
  return "closed";
}

Session::Session(SessionConfig config, crypto::RandomSource& random)
    : config_(checked(std::move(config))),
      random_(random),
      key4_(derive_key4(config_.local_key)),
      reassembler_(config_.protocol, kMaxMtu) {}

std::vector<Bytes> Session::packets_of(const Bytes& air) const {
  return packetize(air.data(), air.size(), config_.mtu, config_.protocol);
}

SentFrame Session::send(uint16_t command, const uint8_t* data, size_t size, uint32_t ack_sn) {
  if (next_sn_ == UINT32_MAX) throw_error(ErrorCode::InvalidState, "the session has used up its SNs; reconnect");
  Frame frame;
  frame.sn = next_sn_;
  frame.ack_sn = ack_sn;
  frame.cmd = command;
  frame.data.assign(data, data + size);
  const bool before_srand = session_key_.empty();
  const Bytes air = encode_air_frame(frame, before_srand ? kModeKey4 : kModeSession,
                                     before_srand ? key4_ : session_key_, random_, config_.padding);
  wipe(frame.data);
  SentFrame sent{frame.sn, packets_of(air)};
  ++next_sn_;  // only once the frame exists: a failed build spends no SN
  return sent;
}

void Session::send_into(SessionOutput& out, uint16_t command, const Bytes& data, uint32_t ack_sn) {
  SentFrame sent = send(command, data.data(), data.size(), ack_sn);
  out.write.insert(out.write.end(), std::make_move_iterator(sent.packets.begin()),
                   std::make_move_iterator(sent.packets.end()));
}

std::vector<Bytes> Session::start() {
  if (state_ != SessionState::Idle) wrong_state("start", state_);
  const Bytes request = encode_device_info_request(config_.protocol, static_cast<uint16_t>(config_.mtu));
  SentFrame sent = send(cmd::kDeviceInfo, request.data(), request.size());
  info_sn_ = sent.sn;
  state_ = SessionState::Info;
  return std::move(sent.packets);
}

SessionOutput Session::receive(const uint8_t* packet, size_t size, std::optional<uint64_t> now_ms) {
  SessionOutput out;
  if (state_ == SessionState::Closed || state_ == SessionState::Idle) {
    // Late notifications of a closed link, or noise before start(): nothing to act on.
    return out;
  }
  std::optional<Bytes> air = reassembler_.push(packet, size);
  if (reassembler_.last_status() == Reassembler::Status::Discarded) {
    add_error(out, ErrorCode::BadFrame, "packet dropped: ", reassembler_.last_problem());
    return out;
  }
  if (!air) return out;

  const uint8_t mode = (*air)[0];
  const bool mode_ok = mode == kModeSession ? !session_key_.empty() : mode == kModeKey4 && state_ == SessionState::Info;
  if (!mode_ok) {
    add_error(out, ErrorCode::BadFrame, "frame uses an encryption mode the session does not accept now");
    return out;
  }
  Frame frame;
  try {
    frame = decode_air_frame(air->data(), air->size(), mode == kModeSession ? session_key_.data() : key4_.data());
  } catch (const Error& error) {
    if (mode == kModeKey4) {
      // The only mode-4 frame is the device-info answer, encrypted with md5(localKey[0:6]) as the
      // request was: one that does not decode was made with another key.
      entry(add_error(out, error.code(), error.message(),
                      ": the device-info answer does not decrypt with this localKey; check localKey / uuid"),
            "field") = "localKey";
    } else {
      add_error(out, error.code(), error.message());
    }
    return out;
  }
  if (frame.sn <= last_received_sn_) {
    add_error(out, ErrorCode::ReplayedSn, "frame SN is not above the last one received");
    return out;
  }
  last_received_sn_ = frame.sn;
  try {
    handle_frame(frame, mode, now_ms, out);
  } catch (const Error& error) {
    add_error(out, error.code(), error.message());
  }
  wipe(frame.data);
  return out;
}

void Session::handle_frame(const Frame& frame, uint8_t mode, std::optional<uint64_t> now_ms, SessionOutput& out) {
  if (frame.cmd == cmd::kDeviceInfo && state_ == SessionState::Info) return on_device_info(frame, out);
  if (mode != kModeSession) throw_error(ErrorCode::BadFrame, "only the device-info answer may use mode 4");
  if (frame.cmd == cmd::kPair && state_ == SessionState::Pairing) return on_pair_answer(frame, out);
  if (frame.cmd == cmd::kTimeMsRequest || frame.cmd == cmd::kTimeDateRequest) {
    return on_time_request(frame, now_ms, out);
  }
  if (state_ == SessionState::Ready) {
    if (is_dp_report_command(frame.cmd)) return on_report(frame, out);
    if (is_dp_write_command(frame.cmd)) return on_write_answer(frame, out);
  }
  // Anything else is shown as it came, for flows that know more than the session.
  json& shown = add_event(out, "frame");
  entry(shown, "cmd") = frame.cmd;
  entry(shown, "sn") = frame.sn;
  entry(shown, "ackSn") = frame.ack_sn;
  entry(shown, "data") = json::binary(frame.data);
}

void Session::on_device_info(const Frame& frame, SessionOutput& out) {
  if (frame.ack_sn != info_sn_) throw_error(ErrorCode::BadResponse, "device info answers another request");
  const DeviceInfo info = decode_device_info(frame.data.data(), frame.data.size());
  show_device_info(info, out);
  if (!info.bound) {
    // An unbound lock takes no login key we know; pairing it would register it, which this SDK
    // does not do.
    close();
    add_error(out, ErrorCode::InvalidState, "the lock is not bound to a cloud account");
    return;
  }
  pair(info, out);
}

void Session::pair(const DeviceInfo& info, SessionOutput& out) {
  session_key_ = derive_session_key(config_.local_key, info.srand.data(), info.srand.size());
  PairRequest request;
  request.uuid = config_.uuid;
  request.login_key = SecretBytes(config_.local_key.data(), kLoginKeySize);
  request.virtual_id = config_.dev_id;
  request.layout = config_.pair_layout.value_or(PairLayout::Both);
  const SecretBytes data = encode_pair_request(request);
  SentFrame sent = send(cmd::kPair, data.data(), data.size());
  pair_sn_ = sent.sn;
  out.write = std::move(sent.packets);
  state_ = SessionState::Pairing;
}

void Session::on_pair_answer(const Frame& frame, SessionOutput& out) {
  if (frame.ack_sn != pair_sn_) throw_error(ErrorCode::BadResponse, "pair answer answers another request");
  if (frame.data.size() != 1) throw_error(ErrorCode::BadFrame, "pair answer is not 1 byte");
  const uint8_t result = frame.data[0];
  if (result == kPairOk || result == kPairAlreadyBound) {
    state_ = SessionState::Ready;
    add_event(out, "ready");
    return;
  }
  close();  // the lock disconnects after refusing
  // The lock compares the uuid in the pair request with its own (ble-protocol.md §2.2): the lock
  // answered, and its answer is no.
  entry(add_error(out, "LOCK_REJECTED",
                  "the lock refused pairing: the uuid is not this lock's (check uuid, and that you connected "
                  "to the lock you meant)"),
        "field") = "uuid";
}

void Session::on_time_request(const Frame& frame, std::optional<uint64_t> now_ms, SessionOutput& out) {
  if (!now_ms) throw_error(ErrorCode::InvalidState, "the lock asked for the time and no time was given");
  const Bytes answer = frame.cmd == cmd::kTimeMsRequest ? encode_time_ms_answer(*now_ms, config_.zone)
                                                        : encode_time_date_answer(*now_ms, config_.zone);
  send_into(out, frame.cmd, answer, frame.sn);
  json& shown = add_event(out, "time");
  entry(shown, "now") = *now_ms;
  entry(shown, "zone") = config_.zone;
}

void Session::on_report(const Frame& frame, SessionOutput& out) {
  const DpReport report = decode_dp_report(frame.cmd, frame.data.data(), frame.data.size());
  show_report(report, out);
  if (report_wants_answer(frame.cmd, report)) {
    send_into(out, frame.cmd, encode_dp_report_answer(frame.cmd, report, kStatusOk), frame.sn);
  }
}

void Session::on_write_answer(const Frame& frame, SessionOutput& out) {
  auto pending = pending_.begin();
  while (pending != pending_.end() && pending->sn != frame.ack_sn) ++pending;
  if (pending == pending_.end() || pending->cmd != frame.cmd) {
    throw_error(ErrorCode::BadResponse, "acknowledgement of a write this session did not send");
  }
  const DpWriteAnswer answer = decode_dp_write_answer(frame.cmd, frame.data.data(), frame.data.size());
  if (frame.cmd == cmd::kDpWriteV4 && answer.dp_sn != pending->dp_sn) {
    throw_error(ErrorCode::BadResponse, "acknowledgement echoes another dp_sn");
  }
  pending_.erase(pending);
  json& shown = add_event(out, "ack");
  entry(shown, "sn") = frame.ack_sn;
  entry(shown, "ok") = answer.ok();
}

void Session::remember(const PendingWrite& write) {
  // A lock that never acknowledges must not make the list grow without end; the oldest go first.
  if (pending_.size() >= kMaxPendingWrites) pending_.erase(pending_.begin());
  pending_.push_back(write);
}

SentFrame Session::write_dps(const std::vector<Dp>& dps) {
  if (state_ != SessionState::Ready) wrong_state("writeDps", state_);
  if (dps.empty()) throw_invalid("dps", "must hold at least one DP");
  // Tuya's lock application parses a write only when it holds exactly one DP, and only after the
  // SDK has acknowledged it: a write of several is acknowledged and dropped (ble-protocol.md §6.1).
  if (dps.size() > 1) {
    throw_invalid("dps",
                  "a lock takes one DP per write (it acknowledges a write of several and drops it); "
                  "write them one at a time and wait for each reply DP");
  }
  const uint16_t command = config_.protocol >= 4 ? cmd::kDpWriteV4 : cmd::kDpWrite;
  const Bytes data = encode_dp_write(command, DpWrite{next_dp_sn_, dps});
  SentFrame sent = send(command, data.data(), data.size());
  remember(PendingWrite{sent.sn, command, next_dp_sn_});
  ++next_dp_sn_;
  return sent;
}

SentFrame Session::relay_air_frame(const Bytes& air, std::optional<uint32_t> sn) {
  if (state_ != SessionState::Ready) wrong_state("relayAirFrame", state_);
  if (air.size() > max_air_frame_size(config_.protocol)) throw_invalid("air", "is longer than the lock accepts");
  const uint8_t mode = air_frame_mode(air.data(), air.size());
  uint32_t frame_sn = 0;
  std::optional<Frame> frame;
  if (mode == kModeKey4 || mode == kModeSession) {
    frame = decode_air_frame(air.data(), air.size(), mode == kModeKey4 ? key4_.data() : session_key_.data());
    frame_sn = frame->sn;
    if (sn && *sn != frame_sn) throw_invalid("sn", "differs from the SN inside the frame");
  } else if (sn) {
    frame_sn = *sn;
  } else {
    throw_invalid("sn", "is required for a frame the session cannot read (modes other than 4 and 5)");
  }
  if (frame_sn < next_sn_) {
    throw_error(ErrorCode::ReplayedSn,
                {"the frame was built for SN ", Decimal(frame_sn), " but the session is at SN ", Decimal(next_sn_),
                 "; ask the cloud again with bluetooth_sn = ", Decimal(next_sn_)});
  }
  if (frame_sn > UINT32_MAX - kSnReserve) {
    throw_invalid("sn", {"the frame was built for SN ", Decimal(frame_sn),
                         ", too close to the last SN for the session to go on after it; reconnect (SNs start at 1 "
                         "again) and ask the cloud for a new frame with bluetooth_sn = the new connection's nextSn"});
  }
  // The lock drops a write of several DPs after acknowledging it, whoever built it.
  if (frame && is_dp_write_command(frame->cmd) && dp_count(*frame) > 1) {
    wipe(frame->data);
    throw_invalid("instruction", "writes several DPs in one frame, which a lock acknowledges and drops");
  }
  SentFrame sent{frame_sn, packets_of(air)};
  next_sn_ = frame_sn + 1;
  if (frame && is_dp_write_command(frame->cmd)) {
    uint32_t dp_sn = 0;
    if (frame->cmd == cmd::kDpWriteV4 && frame->data.size() >= 5) dp_sn = get_u32be(frame->data.data() + 1);
    remember(PendingWrite{frame_sn, frame->cmd, dp_sn});
  }
  if (frame) wipe(frame->data);  // it holds the check code
  return sent;
}

std::vector<Bytes> Session::unbind() {
  if (state_ != SessionState::Ready) wrong_state("unbind", state_);
  SentFrame sent = send(cmd::kUnbind, nullptr, 0);
  close();
  return std::move(sent.packets);
}

void Session::wipe_keys() noexcept {
  config_.local_key = SecretBytes();
  key4_ = SecretBytes();
  session_key_ = SecretBytes();
}

void Session::close() noexcept {
  wipe_keys();
  pending_.clear();
  reassembler_.reset();
  state_ = SessionState::Closed;
}

}  // namespace doorlock::ble
