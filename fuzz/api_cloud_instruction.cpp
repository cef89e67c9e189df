// Instructions the cloud builds for a BLE lock (ble/instructions.h): the air frame of
// doorLock.bleOpenInstruction / unlockInstruction and the DP configs of getIssuedConfig and
// getSyncableOpmodeTypes, as a malicious or broken cloud may answer them. An accepted air frame
// has a known mode and an air frame's length; an accepted DP config is a raw DP with a value.
//   input: JSON text (hex text, a byte array, { instruction } or { dp_id, ins, wake_up_ins }).
#include "doorlock/ble/instructions.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::ble;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const fuzz::Input input{data, size};
  const nlohmann::json value = fuzz::parse_json(input.text());
  if (value.is_discarded()) return 0;
  fuzz::expect_clean_failure([&] {
    const Bytes air = cloud_air_frame(value, "instruction");
    fuzz::require(!air.empty(), "an instruction's air frame is not empty");
  });
  fuzz::expect_clean_failure([&] {
    const Dp dp = cloud_dp_instruction(value, "config");
    fuzz::require(dp.id != 0 && dp.type == DpType::Raw && !dp.value.empty(),
                  "a DP instruction is a raw DP with a value");
  });
  return 0;
}
