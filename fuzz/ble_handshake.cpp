// The handshake and time messages of a connection (ble/handshake.h, ble/time_sync.h) as the
// other side may send them: the device-info answer a hostile lock sends (its srand keys the
// session), and, for the lock simulator, the device-info request, the pair request and the
// app's time answers.
//   byte 0 % 6: 0 device info | 1 device-info request v3 | 2 v4 | 3 pair request (bit 4: beacon
//   key) | 4 time answer (ms) | 5 time answer (date).
#include "doorlock/ble/handshake.h"
#include "doorlock/ble/time_sync.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::ble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const uint8_t selector = input.take_byte();
  fuzz::expect_clean_failure([&] {
    switch (selector % 6) {
      case 0: {
        const DeviceInfo info = decode_device_info(input.data, input.size);
        fuzz::require(info.srand.size() == 6 && info.register_key.size() == 32,
                      "device info has srand and register key");
        fuzz::require(info.size == input.size, "device info records the answer's size");
        fuzz::require(info.virtual_id.size() <= kVirtualIdSize, "the virtual id fits its field");
        break;
      }
      case 1:
      case 2: decode_device_info_request(selector % 6 == 1 ? 3 : 4, input.data, input.size); break;
      case 3: {
        const PairRequest request = decode_pair_request(input.data, input.size, (selector & 0x10) != 0);
        fuzz::require(request.uuid.size() <= kDeviceIdSize, "the uuid fits its field");
        break;
      }
      case 4: {
        const TimeMsAnswer answer = decode_time_ms_answer(input.data, input.size);
        fuzz::require(
            encode_time_ms_answer(answer.unix_ms, answer.zone) == Bytes(input.data, input.data + kTimeMsAnswerSize),
            "encode(decode(time ms answer)) == answer");
        break;
      }
      default: decode_time_date_answer(input.data, input.size); break;
    }
  });
  return 0;
}
