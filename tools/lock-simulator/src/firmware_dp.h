// The lock application's own reading of its DP values, written from the firmware structs
// (ble-protocol.md §6.2-§6.5 and §6b; S4 lock_dp_parser.h, #pragma pack(1), multi-byte fields
// big-endian) and not from the app's lock-DP tables. Every offset is spelled out here, once, so a
// field-order mistake on either side makes a round trip fail instead of being shared by both.
//
// Requests are read the way a lock application gets them: one DP, its id, type and value
// (one_dp_of_write), then the value laid over the struct of that DP. A value too short for its
// struct throws BAD_FRAME (a real lock would read whatever its buffer held; the simulator refuses).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "doorlock/bytes.h"

namespace doorlock::sim::fw {

// How a firmware writes PIN digits (ble-protocol.md §6a.5: values 0x00-0x09; ASCII on some).
enum class DigitEncoding : uint8_t { Value, Ascii };
// Which temporary-password structs a firmware has: the lock SDK's (S4), the accessory's with a
// 2-byte slave id before every request and reply (S2), or the unconfirmed "named" layout of one
// phone implementation (S8: pwd_len | pwd | start u32 | end u32 | name_len | name).
enum class TemporaryLayout : uint8_t { Sdk, Fitting, Named };

struct Dialect {
  DigitEncoding digits = DigitEncoding::Value;
  TemporaryLayout layout = TemporaryLayout::Sdk;
};

// ---- one DP per write (S4 app_common.c, TUYA_BLE_CB_EVT_DP_WRITE) ----

struct RawDp {
  uint8_t id = 0;
  uint8_t type = 0;
  Bytes value;
};

// The lock application parses a DP write only when it holds exactly one DP: its check is
// "length field == data length - header" (p_data[2] == data_len - 3 with protocol 3's 1-byte
// length; the 2-byte length of protocol 4 makes the header 4). nullopt for anything else.
std::optional<RawDp> one_dp_of_write(const uint8_t* list, size_t size, int protocol);

// ---- time[17] (ble-protocol.md §6.2; S2 lock_timer.c time_parser_t) ----

inline constexpr size_t kValiditySize = 17;

struct ValidityBlock {
  uint32_t total_start = 0;  // offset 0, Unix seconds
  uint32_t total_end = 0;    // offset 4
  uint8_t cycle_type = 0;    // offset 8: 0 none, 1 daily, 2 weekly, 3 monthly
  uint32_t cycle_flag = 0;   // offset 9: weekly bit n = weekday n (bit0 Sunday); monthly bit (day - 1)
  uint8_t start_h = 0;       // offset 13
  uint8_t start_m = 0;       // offset 14
  uint8_t end_h = 0;         // offset 15
  uint8_t end_m = 0;         // offset 16
};

ValidityBlock read_validity(const uint8_t* block);  // 17 bytes

// A PIN as the firmware stores it: pwd_len and then that many bytes, turned into digit values.
struct Pin {
  uint8_t length = 0;      // pwd_len as sent
  Bytes digits;            // digit values 0..9
  bool all_digits = true;  // false when a byte is not a digit in this firmware's encoding
};

// ---- DP 1/2/3 (ble-protocol.md §6.3; S4 open_meth_creat_t / _delete_t / _modify_t) ----

struct OpenMethCreate {
  uint8_t meth = 0;       // 0
  uint8_t stage = 0;      // 1
  uint8_t admin = 0;      // 2
  uint8_t member_id = 0;  // 3
  uint8_t hard_id = 0;    // 4
  ValidityBlock time;     // 5..21
  uint8_t valid_num = 0;  // 22
  Pin pwd;                // pwd_len 23, pwd 24..
};
OpenMethCreate read_open_meth_create(const Bytes& value, const Dialect& dialect);

struct OpenMethDelete {
  uint8_t meth = 0, stage = 0, admin = 0, member_id = 0, hard_id = 0, delete_style = 0;  // 0..5
};
OpenMethDelete read_open_meth_delete(const Bytes& value);

struct OpenMethModify {
  uint8_t meth = 0, stage = 0, admin = 0, member_id = 0, hard_id = 0;  // 0..4
  ValidityBlock time;                                                  // 5..21
  uint8_t cycle = 0;                                                   // 22
  Pin pwd;                                                             // pwd_len 23, pwd 24..
};
OpenMethModify read_open_meth_modify(const Bytes& value, const Dialect& dialect);

// meth | stage | admin | member | hard_id | reg_num | result
Bytes open_meth_create_reply(const OpenMethCreate& request, uint8_t stage, uint8_t hard_id, uint8_t reg_num,
                             uint8_t result);
// the 6 request bytes | result
Bytes open_meth_delete_reply(const OpenMethDelete& request, uint8_t result);
// meth | stage | admin | member | hard_id | cycle | result
Bytes open_meth_modify_reply(const OpenMethModify& request, uint8_t result);

// ---- DP 51/52/53 (ble-protocol.md §6.4, §6b.1; S4 temp_pw_creat_t / _delete_t / _modify_t) ----

struct TempPwCreate {
  std::optional<uint16_t> slave_id;  // fitting: 0..1, everything after moves by 2
  uint8_t type = 0;                  // 0
  ValidityBlock time;                // 1..17
  uint8_t valid_num = 0;             // 18
  Pin pwd;                           // pwd_len 19, pwd 20..
  std::string name;                  // named layout only
};
TempPwCreate read_temp_pw_create(const Bytes& value, const Dialect& dialect);

struct TempPwDelete {
  std::optional<uint16_t> slave_id;
  uint8_t hard_id = 0;  // 0
};
TempPwDelete read_temp_pw_delete(const Bytes& value, const Dialect& dialect);

struct TempPwModify {
  std::optional<uint16_t> slave_id;
  uint8_t hard_id = 0;    // 0
  uint8_t type = 0;       // 1
  ValidityBlock time;     // 2..18
  uint8_t valid_num = 0;  // 19
  Pin pwd;                // pwd_len 20, pwd 21..
  std::string name;
};
TempPwModify read_temp_pw_modify(const Bytes& value, const Dialect& dialect);

// [slave id] | hard_id | result
Bytes temp_pw_reply(std::optional<uint16_t> slave_id, uint8_t hard_id, uint8_t result);

// ---- DP 70/71 (ble-protocol.md §6.5; S4 set_master_srand_num_t, open_with_master_t) ----

using Code8 = std::array<uint8_t, 8>;

inline constexpr size_t kSetMasterSrandSize = 23;

struct SetMasterSrand {
  uint16_t master_id = 0;      // 0..1
  uint16_t slave_id = 0;       // 2..3
  Code8 srand{};               // 4..11
  uint8_t operation = 0;       // 12
  uint16_t master_id_new = 0;  // 13..14
  Code8 srand_new{};           // 15..22
};
SetMasterSrand read_set_master_srand(const Bytes& value);
// slaveid | masterid | srand | operation | masterid_new | result
Bytes set_master_srand_reply(const SetMasterSrand& request, uint8_t result);

struct OpenWithMaster {
  uint16_t master_id = 0;  // 0..1
  uint16_t slave_id = 0;   // 2..3
  Code8 srand{};           // 4..11
  uint8_t operation = 0;   // 12
  uint32_t timestamp = 0;  // 13..16
  uint8_t open_meth = 0;   // 17
  Bytes open_meth_info;    // 18..: for method 0, byte 0 is the member id
};
OpenWithMaster read_open_with_master(const Bytes& value);
// The lock application's reply names itself first (ids swapped):
// slaveid | masterid | srand | operation | timestamp | open_meth | result
Bytes open_with_master_reply(const OpenWithMaster& request, uint8_t result);

// ---- DP 60/61 (ble-protocol.md §6.5; S4 open_with_nopwd_remote_setkey_t / _remote_t) ----

struct NopwdRemoteSetkey {
  uint8_t valid = 0;        // 0
  uint16_t member_id = 0;   // 1..2
  uint32_t time_begin = 0;  // 3..6
  uint32_t time_end = 0;    // 7..10
  uint16_t valid_num = 0;   // 11..12
  Code8 password{};         // 13..20
};
NopwdRemoteSetkey read_nopwd_remote_setkey(const Bytes& value);

struct NopwdRemote {
  uint8_t open = 0;        // 0
  uint16_t member_id = 0;  // 1..2
  Code8 password{};        // 3..10
  uint8_t type = 0;        // 11: 1 phone, 2 voice
};
NopwdRemote read_nopwd_remote(const Bytes& value);
// result | member_id
Bytes nopwd_remote_reply(uint8_t result, uint16_t member_id);

// ---- DP 64: T0 as decimal ASCII (ble-protocol.md §6.6) ----
uint32_t read_t0(const Bytes& value);

}  // namespace doorlock::sim::fw
