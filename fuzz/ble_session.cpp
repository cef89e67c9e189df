// The app's BLE session (ble/session.h) driven by a hostile or broken lock: notifications that are
// noise, and frames that are well encrypted (the harness holds the keys, as a lock that knows the
// localKey does) but say anything: wrong commands, replayed or jumping SNs, answers to nothing,
// reports with any DPs, device info at the wrong time. Between them the app writes DPs and relays
// cloud air frames. receive() must never throw (problems become error events), and the session's
// own SNs only grow.
//   byte 0: bit 0 protocol 4; bit 1 zero padding.
//   then steps: tag | length | payload
//     tag 0x00-0x3F  a frame from the lock: payload = cmd u16 | ack_sn u32 | data; its SN is the
//                    next one, or (tag bit 0x20) the payload's first 4 bytes; tag bit 0x10: no
//                    clock for time requests; tag bit 0x08: sent under KEY_4 (else the session key
//                    once the device info carried srand)
//     tag 0x40-0x7F  the app writes the payload as DPs (protocol 3 list), if it decodes
//     tag 0x80-0xBF  the app relays the payload as a cloud air frame (SN from the payload when
//                    tag bit 0x20)
//     tag 0xC0-0xFF  a raw notification packet
#include <algorithm>
#include <optional>

#include "doorlock/ble/commands.h"
#include "doorlock/ble/dp.h"
#include "doorlock/ble/keys.h"
#include "doorlock/ble/packets.h"
#include "doorlock/ble/session.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::ble;

namespace {

constexpr char kLocalKey[] = "abcdef0123456789";  // vectors.md §3
constexpr uint64_t kNow = 1700000000000;

// IVs and nothing else come from here: any bytes will do for a fuzzer.
class CountingRandom final : public crypto::RandomSource {
 public:
  void fill(uint8_t* out, size_t size) override {
    for (size_t i = 0; i < size; ++i) out[i] = counter_++;
  }

 private:
  uint8_t counter_ = 0;
};

SecretBytes local_key() { return SecretBytes(reinterpret_cast<const uint8_t*>(kLocalKey), 16); }

void receive_all(Session& session, const std::vector<Bytes>& packets, std::optional<uint64_t> now) {
  for (const Bytes& packet : packets) {
    try {
      session.receive(packet.data(), packet.size(), now);
    } catch (const std::exception& error) {
      fuzz::fail("Session::receive threw", error.what());
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const uint8_t flags = input.take_byte();
  SessionConfig config;
  config.local_key = local_key();
  config.uuid = "0123456789abcdef";
  config.dev_id = "vdevo153459260090000";
  config.protocol = (flags & 1) ? 4 : 3;
  config.padding = (flags & 2) ? Padding::Zero : Padding::Tuya;
  CountingRandom random;
  Session session(std::move(config), random);
  const SecretBytes key4 = derive_key4(local_key());
  std::optional<SecretBytes> session_key;
  uint32_t lock_sn = 0;
  session.start();
  uint32_t last_app_sn = session.next_sn() - 1;

  while (input.size >= 2) {
    const uint8_t tag = input.take_byte();
    const size_t length = std::min<size_t>(input.take_byte(), input.size);
    const uint8_t* payload = input.data;
    input.data += length;
    input.size -= length;

    if (tag >= 0xC0) {
      receive_all(session, {Bytes(payload, payload + length)}, kNow);
    } else if (tag >= 0x80) {
      fuzz::expect_clean_failure([&] {
        std::optional<uint32_t> sn;
        if ((tag & 0x20) && length >= 4) sn = get_u32be(payload);
        const SentFrame sent = session.relay_air_frame(Bytes(payload, payload + length), sn);
        fuzz::require(sent.sn > last_app_sn, "the app's SNs grow");
        last_app_sn = sent.sn;
      });
    } else if (tag >= 0x40) {
      fuzz::expect_clean_failure([&] {
        const std::vector<Dp> dps = decode_dps(payload, length, 3);
        const SentFrame sent = session.write_dps(dps);
        fuzz::require(sent.sn > last_app_sn, "the app's SNs grow");
        last_app_sn = sent.sn;
      });
    } else {
      if (length < 6) continue;
      Frame frame;
      frame.cmd = get_u16be(payload);
      frame.ack_sn = get_u32be(payload + 2);
      frame.data.assign(payload + 6, payload + length);
      if ((tag & 0x20) && frame.data.size() >= 4) {
        frame.sn = get_u32be(frame.data.data());
        frame.data.erase(frame.data.begin(), frame.data.begin() + 4);
      } else {
        frame.sn = ++lock_sn;
      }
      const bool use_key4 = (tag & 0x08) || !session_key;
      if (frame.cmd == cmd::kDeviceInfo && use_key4 && frame.data.size() >= 12 && !session_key) {
        session_key = derive_session_key(local_key(), frame.data.data() + 6, kSrandSize);
      }
      const SecretBytes& key = use_key4 ? key4 : *session_key;
      const uint8_t iv[kIvSize] = {};
      Bytes air;
      try {
        air = encode_air_frame(frame, use_key4 ? kModeKey4 : kModeSession, key.data(), iv);
      } catch (const Error&) {
        continue;  // DATA longer than a frame holds
      }
      if (air.size() > max_air_frame_size(session.protocol())) continue;
      receive_all(session, packetize(air.data(), air.size(), kMinMtu, session.protocol()),
                  (tag & 0x10) ? std::nullopt : std::optional<uint64_t>(kNow));
    }
    fuzz::require(session.next_sn() > last_app_sn || session.next_sn() == UINT32_MAX, "next_sn is past every SN sent");
  }
  return 0;
}
