// What a decoded plain frame says, for people and tools reading a capture (dl.ble.describeFrame):
// its command's name, who sent it, whether it is a request or an answer, and its DATA read by the
// message decoders of handshake.h, dp_messages.h and time_sync.h (the layouts live there only).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "doorlock/ble/handshake.h"

namespace doorlock::ble {

enum class Sender : uint8_t { App, Lock };

// The command's name in the JavaScript naming ("deviceInfo", "dpWriteV4", ...); nullptr for a code
// the core does not handle.
const char* command_name(uint16_t command) noexcept;

// Who sent a frame when nothing else says: a request (ACK_SN 0) of a 0x0xxx command comes from
// the app, of a 0x8xxx command from the lock; an answer comes from the other side.
Sender sender_of(uint16_t command, uint32_t ack_sn) noexcept;

// Writes { command, cmd, from, role, ...what DATA holds } into `out`:
//   deviceInfo  request: mtu (protocol 4 and later)
//               answer:  protocol, firmware, hardware?, bound, flags, virtualId, srand (bytes)
//   pair        request: uuid, devId, loginKey "[redacted]"       answer: result, status
//   dpWrite(V4) request: dpSn (v4), dps                            answer: dpSn (v4), result, status
//   dpReport*   request: report (v4: { sn, flag, mode, wantsAnswer }), time?, dps
//               answer:  report (v4), result, status
//   timeRequest / timeDateRequest  request: nothing               answer: time
//   stateQuery  request: dpIds                                     answer: result, status
//   unbind, deviceReset, anomalyUnbind  answer: result, status
// `result` is the status byte and `status` its name. A command the core does not handle comes back
// as { command: "unknown", cmd, from, role }. BAD_FRAME when DATA does not hold its layout.
// `protocol_major` matters only to the device-info request; 0 = not known (a 2-byte request is
// then read as v4's MTU).
// The pair request's login key never leaves its wiped buffer. DP values come back as they are
// (a DP may carry a check code or a PIN: what a caller shows of them is the caller's choice).
// Fills `out` (an object) in place: the module then needs no cleanup around each member.
void describe_frame(nlohmann::json& out, uint16_t command, const uint8_t* data, size_t size, Sender from,
                    int protocol_major);

// The device-info answer as the session's deviceInfo event shows it.
void put_device_info(nlohmann::json& out, const DeviceInfo& info);

}  // namespace doorlock::ble
