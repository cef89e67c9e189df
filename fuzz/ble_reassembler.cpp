// The packet reassembler (packets.h) fed the notifications of a flaky or hostile radio: packets
// out of order, repeated, truncated, over-long, with absurd varints. Also a host-kept state
// (Reassembler::from_snapshot) that a hostile caller forged.
//   byte 0: bit 0 protocol 3 / 4; bit 1 lock side (packets of at most 20 bytes); bit 2 the run
//           starts from a snapshot, whose length is the next byte.
//   then packets, each as a length byte and that many bytes.
#include <algorithm>

#include "doorlock/ble/packets.h"
#include "fuzz_support.h"

using namespace doorlock;
using namespace doorlock::ble;

namespace {

void check_snapshot(const Reassembler& reassembler) {
  const Bytes state = reassembler.snapshot();
  const Reassembler back = Reassembler::from_snapshot(state.data(), state.size());
  fuzz::require(back.snapshot() == state, "from_snapshot(snapshot()) keeps the state");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fuzz::Input input{data, size};
  const uint8_t flags = input.take_byte();
  const int protocol = (flags & 1) ? 4 : 3;
  size_t max_packet = (flags & 2) ? kMinMtu : kMaxMtu;
  Reassembler reassembler(protocol, max_packet);
  const bool from_snapshot = (flags & 4) != 0;
  if (from_snapshot) {
    const size_t length = std::min<size_t>(input.take_byte(), input.size);
    bool accepted = false;
    fuzz::expect_clean_failure([&] {
      reassembler = Reassembler::from_snapshot(input.data, length);
      accepted = true;
    });
    input.data += length;
    input.size -= length;
    if (!accepted) return 0;
    // A kept state carries its own packet limit (snapshot layout: max_total u16 | max_packet u16 | ...).
    max_packet = get_u16be(reassembler.snapshot().data() + 2);
  }

  size_t declared_total = 0;
  while (input.size > 0) {
    const size_t length = std::min<size_t>(input.take_byte(), input.size);
    const uint8_t* packet = input.data;
    input.data += length;
    input.size -= length;

    size_t offset = 0;
    uint32_t number = 0, total = 0;
    const bool starts_frame =
        read_varint(packet, length, offset, number) && number == 0 && read_varint(packet, length, offset, total);
    fuzz::expect_clean_failure([&] {
      const std::optional<Bytes> frame = reassembler.push(packet, length);
      const auto status = reassembler.last_status();
      fuzz::require(frame.has_value() == (status == Reassembler::Status::Complete), "a frame comes with Complete");
      if (status == Reassembler::Status::Discarded)
        fuzz::require(*reassembler.last_problem() != 0, "a discard says why");
      if (length > max_packet)
        fuzz::require(status == Reassembler::Status::Discarded, "over-long packets are discarded");
      if (status != Reassembler::Status::Duplicate && status != Reassembler::Status::Discarded && starts_frame) {
        declared_total = total;
      }
      if (frame && !from_snapshot) {
        fuzz::require(!frame->empty() && frame->size() == declared_total,
                      "a frame has the length its packet 0 declared");
        fuzz::require(frame->size() <= max_air_frame_size(protocol), "a frame stays within the protocol maximum");
      }
      check_snapshot(reassembler);
    });
  }
  return 0;
}
