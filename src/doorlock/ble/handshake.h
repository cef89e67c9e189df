// The connection handshake of a bound lock (ble-protocol.md §2.1, §2.2, §7): the device-info
// request and answer (which carries srand, the input of the session key), the pair request and
// its 1-byte answer. Both directions are here so that a lock simulator shares the layouts.
#pragma once

#include <cstdint>
#include <string>

#include "doorlock/bytes.h"

namespace doorlock::ble {

inline constexpr size_t kDeviceIdSize = 16;   // the lock's "uuid", ASCII
inline constexpr size_t kVirtualIdSize = 22;  // the cloud devId, zero-padded
inline constexpr size_t kDeviceInfoMinSize = 12;
inline constexpr size_t kDeviceInfoSize = 84;  // through the Wi-Fi register mode byte (v3.2+)

inline constexpr uint8_t kInfoFlagBeaconKey = 0x10;    // byte 4: the lock keeps a beacon key
inline constexpr uint8_t kInfoFlag2CryptionV2 = 0x04;  // byte 54: key modes 11-16 are active

// v3: empty DATA (the lock ignores it). v4 and later: exactly the app MTU as u16 BE, or the lock
// disconnects; the lock then sends packets of that size (20 when 0 or beyond its own limit).
Bytes encode_device_info_request(int protocol_major, uint16_t mtu);
// The lock side: the MTU a v4 request declares; BAD_FRAME when a v4 request is not 2 bytes.
uint16_t decode_device_info_request(int protocol_major, const uint8_t* data, size_t size);

struct DeviceInfo {
  uint16_t firmware_version = 0;  // bytes 0-1: the low 16 bits of the version (major.minor on old SDKs)
  uint8_t protocol_major = 3;
  uint8_t protocol_minor = 0;
  uint8_t flags = 0;
  bool bound = false;
  Bytes srand = Bytes(6, 0);          // fresh for every request
  uint16_t hardware_version = 0;      // bytes 12-13: the low 16 bits of the hardware version
  Bytes register_key = Bytes(32, 0);  // v3.0/3.1: auth key; later: AES(authKey, service_rand) + zeros
  uint32_t firmware_version3 = 0;     // 3-byte versions (bytes 46-51, SDK v1.2.2 and later)
  uint32_t hardware_version3 = 0;
  uint16_t communication_ability = 0;
  uint8_t flags2 = 0;
  std::string virtual_id;  // bytes 55-76, trailing zeros dropped
  size_t size = 0;         // how many bytes the answer had (decode only)
};

Bytes encode_device_info(const DeviceInfo& info);
// Needs bytes 0-11 (up to srand); reads the later fields when present.
DeviceInfo decode_device_info(const uint8_t* data, size_t size);

// The versions as people read them: "1.2.3" from the 3-byte field when the answer holds it and it
// is not zero, else "major.minor" from the 2-byte field (which holds only the low 16 bits of a
// 3-byte version: firmware 1.2.3 sends 02 03 there). Empty when the answer holds neither.
std::string firmware_version_text(const DeviceInfo& info);
std::string hardware_version_text(const DeviceInfo& info);

// Where the pair request puts the connection source (the byte after the 44 fixed bytes, and after
// the beacon-key length). TuyaOS protocol-4 firmware from 4.5 reads it at DATA[61] whatever the
// beacon-key flag says; the protocol-5 handler reads DATA[61] with a beacon key and DATA[45]
// without one; locks before 4.5 read only the first 44 bytes (ble-protocol.md §6b.5). A bound
// lock never reads DATA[44..60], so the default writes the source at both offsets.
enum class PairLayout : uint8_t {
  Fixed44,   // uuid | login key | virtual id, as older phone apps send it
  Source45,  // + beacon-key length 0 | source
  Source61,  // + beacon-key length 0 | 16 zero bytes | source
  Both,      // + beacon-key length 0 | source | 15 zero bytes | source (62 bytes; the default)
};

inline constexpr uint8_t kSourceMiniProgram = 3;  // APPLET

struct PairRequest {
  std::string uuid;        // 16 ASCII characters
  SecretBytes login_key;   // the first 6 characters of localKey
  std::string virtual_id;  // the cloud devId, up to 22 characters
  uint8_t source = kSourceMiniProgram;
  PairLayout layout = PairLayout::Both;
};

// The DATA holds the login key: it comes back in a wiped buffer. INVALID_ARGUMENT on sizes
// ("uuid", "localKey", "devId").
SecretBytes encode_pair_request(const PairRequest& request);
// The lock side. `beacon_key` says where this lock reads the source; a request too short to
// hold it yields source 0 (unknown).
PairRequest decode_pair_request(const uint8_t* data, size_t size, bool beacon_key);

enum PairResult : uint8_t { kPairOk = 0, kPairFailed = 1, kPairAlreadyBound = 2 };

}  // namespace doorlock::ble
