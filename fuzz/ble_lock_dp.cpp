// Every lock-DP reply parser (lock_dp.h decode_reply: DP 1/2/3, 51/52/53, 54, 60/61, 64, 70, 71),
// with every option (digit encoding, temporary-password layout), on replies a hostile or broken
// lock sends. The lock side's request parser (decode_request) is fed the same bytes, as a lock
// simulator reads what a hostile app writes, and the facts that match a reply to its request
// (lock_dp_facts.h) are fed the same bytes split in two.
//   byte 0 % 12: the message; byte 1: bit 0 ASCII digits, bits 1-2 layout (sdk/fitting/named),
//   bit 7 lock side. A reply that decodes has `ok` and `status`, and re-encodes to a reply
//   that decodes the same.
#include <algorithm>

#include "doorlock/ble/lock_dp.h"
#include "doorlock/ble/lock_dp_facts.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::ble;
using namespace doorlock::ble::lock_dp;

namespace {

constexpr uint8_t kMessages = static_cast<uint8_t>(Message::UnlockCheck) + 1;
constexpr TemporaryPasswordLayout kLayouts[] = {TemporaryPasswordLayout::Sdk, TemporaryPasswordLayout::Fitting,
                                                TemporaryPasswordLayout::Named};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const auto message = static_cast<Message>(input.take_byte() % kMessages);
  const uint8_t flags = input.take_byte();
  Options options;
  options.digits = (flags & 1) ? DigitEncoding::Ascii : DigitEncoding::Value;
  options.layout = kLayouts[((flags >> 1) & 3) % 3];
  const bool lock_side = (flags & 0x80) != 0;

  // The reply facts a host matches replies with (lock_dp_facts.h): the bytes split into a request
  // and a reply, for this message's DP and for the DP named by byte 1 (known or not).
  const size_t half = input.size / 2;
  for (const uint8_t dp : {dp_id(message), flags}) {
    reply_is_final(dp, input.data, input.size);
    const std::optional<bool> answers = reply_answers(dp, input.data, half, input.data + half, input.size - half);
    if (find_command(dp) == nullptr || find_command(dp)->echo_count == 0) {
      fuzz::require(!answers.has_value(), "a reply that echoes nothing cannot be matched");
    }
  }

  fuzz::expect_clean_failure([&] {
    if (lock_side) {
      const nlohmann::json request = decode_request(message, input.data, input.size, options);
      fuzz::require(request.is_object(), "decode_request gives an object");
      return;
    }
    const nlohmann::json reply = decode_reply(message, input.data, input.size, options);
    fuzz::require(reply.is_object(), "decode_reply gives an object");
    const auto ok = reply.find("ok");
    const auto status = reply.find("status");
    fuzz::require(ok != reply.end() && ok->is_boolean(), "a reply has a boolean `ok`");
    fuzz::require(status != reply.end() && status->is_string(), "a reply has a `status` name");
    const Bytes again = encode_reply(message, reply, options);
    const nlohmann::json reread = decode_reply(message, again.data(), again.size(), options);
    fuzz::require(fuzz::canonical(reread) == fuzz::canonical(reply), "decode(encode(reply)) == reply", to_hex(again));
    // Bytes after the last field are ignored, as the lock's own parsers do; flags (admin, DP 54's
    // freeze state) read any non-zero byte as set and write it back as 1, so values, not bytes,
    // round-trip.
    fuzz::require(again.size() <= input.size, "a reply re-encodes to no more than its fields");
  });
  return 0;
}
