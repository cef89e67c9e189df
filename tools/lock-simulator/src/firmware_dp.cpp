#include "firmware_dp.h"

#include <algorithm>

#include "doorlock/error.h"

namespace doorlock::sim::fw {

namespace {

// A firmware copies the value over its struct; the simulator refuses a value that ends first.
void need(const Bytes& value, size_t size, const char* what) {
  if (value.size() < size) throw_error(ErrorCode::BadFrame, {what, " is shorter than its struct"});
}

Code8 code8_at(const uint8_t* p) {
  Code8 out{};
  std::copy(p, p + out.size(), out.begin());
  return out;
}

// pwd_len at `at`, the digits right after it.
Pin pin_at(const Bytes& value, size_t at, const Dialect& dialect, const char* what) {
  need(value, at + 1, what);
  Pin pin;
  pin.length = value[at];
  need(value, at + 1 + pin.length, what);
  for (size_t i = 0; i < pin.length; ++i) {
    const uint8_t byte = value[at + 1 + i];
    const int digit = dialect.digits == DigitEncoding::Value ? byte : byte - '0';
    if (digit < 0 || digit > 9) pin.all_digits = false;
    pin.digits.push_back(static_cast<uint8_t>(digit < 0 || digit > 9 ? 0xFF : digit));
  }
  return pin;
}

// The accessory firmware's slave id before the struct; the offset the struct then starts at.
size_t slave_prefix(const Bytes& value, const Dialect& dialect, std::optional<uint16_t>& slave_id, const char* what) {
  if (dialect.layout != TemporaryLayout::Fitting) return 0;
  need(value, 2, what);
  slave_id = get_u16be(value.data());
  return 2;
}

// The named layout: pwd_len | pwd | start u32 | end u32 | name_len | name, from `at`.
template <typename Request>
void read_named(const Bytes& value, size_t at, const Dialect& dialect, Request& out, const char* what) {
  out.pwd = pin_at(value, at, dialect, what);
  const size_t window = at + 1 + out.pwd.length;
  need(value, window + 8, what);
  out.time.total_start = get_u32be(&value[window]);
  out.time.total_end = get_u32be(&value[window + 4]);
  if (value.size() > window + 8) {
    const size_t length = value[window + 8];
    need(value, window + 9 + length, what);
    const uint8_t* name = value.data() + window + 9;
    out.name.assign(name, name + length);
  }
}

}  // namespace

std::optional<RawDp> one_dp_of_write(const uint8_t* list, size_t size, int protocol) {
  const size_t header = protocol >= 4 ? 4 : 3;
  if (size < header) return std::nullopt;
  const size_t length = protocol >= 4 ? get_u16be(list + 2) : list[2];
  if (length != size - header) return std::nullopt;
  return RawDp{list[0], list[1], Bytes(list + header, list + size)};
}

ValidityBlock read_validity(const uint8_t* block) {
  ValidityBlock out;
  out.total_start = get_u32be(block + 0);
  out.total_end = get_u32be(block + 4);
  out.cycle_type = block[8];
  out.cycle_flag = get_u32be(block + 9);
  out.start_h = block[13];
  out.start_m = block[14];
  out.end_h = block[15];
  out.end_m = block[16];
  return out;
}

OpenMethCreate read_open_meth_create(const Bytes& value, const Dialect& dialect) {
  need(value, 24, "DP 1");
  OpenMethCreate out;
  out.meth = value[0];
  out.stage = value[1];
  out.admin = value[2];
  out.member_id = value[3];
  out.hard_id = value[4];
  out.time = read_validity(&value[5]);
  out.valid_num = value[22];
  out.pwd = pin_at(value, 23, dialect, "DP 1");
  return out;
}

OpenMethDelete read_open_meth_delete(const Bytes& value) {
  need(value, 6, "DP 2");
  return OpenMethDelete{value[0], value[1], value[2], value[3], value[4], value[5]};
}

OpenMethModify read_open_meth_modify(const Bytes& value, const Dialect& dialect) {
  need(value, 24, "DP 3");
  OpenMethModify out;
  out.meth = value[0];
  out.stage = value[1];
  out.admin = value[2];
  out.member_id = value[3];
  out.hard_id = value[4];
  out.time = read_validity(&value[5]);
  out.cycle = value[22];
  out.pwd = pin_at(value, 23, dialect, "DP 3");
  return out;
}

Bytes open_meth_create_reply(const OpenMethCreate& request, uint8_t stage, uint8_t hard_id, uint8_t reg_num,
                             uint8_t result) {
  return Bytes{request.meth, stage, request.admin, request.member_id, hard_id, reg_num, result};
}

Bytes open_meth_delete_reply(const OpenMethDelete& request, uint8_t result) {
  return Bytes{request.meth,    request.stage,        request.admin, request.member_id,
               request.hard_id, request.delete_style, result};
}

Bytes open_meth_modify_reply(const OpenMethModify& request, uint8_t result) {
  return Bytes{request.meth, request.stage, request.admin, request.member_id, request.hard_id, request.cycle, result};
}

TempPwCreate read_temp_pw_create(const Bytes& value, const Dialect& dialect) {
  TempPwCreate out;
  const size_t at = slave_prefix(value, dialect, out.slave_id, "DP 51");
  if (dialect.layout == TemporaryLayout::Named) {
    read_named(value, at, dialect, out, "DP 51");
    return out;
  }
  need(value, at + 20, "DP 51");
  out.type = value[at + 0];
  out.time = read_validity(&value[at + 1]);
  out.valid_num = value[at + 18];
  out.pwd = pin_at(value, at + 19, dialect, "DP 51");
  return out;
}

TempPwDelete read_temp_pw_delete(const Bytes& value, const Dialect& dialect) {
  TempPwDelete out;
  const size_t at = slave_prefix(value, dialect, out.slave_id, "DP 52");
  need(value, at + 1, "DP 52");
  out.hard_id = value[at];
  return out;
}

TempPwModify read_temp_pw_modify(const Bytes& value, const Dialect& dialect) {
  TempPwModify out;
  const size_t at = slave_prefix(value, dialect, out.slave_id, "DP 53");
  if (dialect.layout == TemporaryLayout::Named) {
    need(value, at + 1, "DP 53");
    out.hard_id = value[at];
    read_named(value, at + 1, dialect, out, "DP 53");
    return out;
  }
  need(value, at + 21, "DP 53");
  out.hard_id = value[at + 0];
  out.type = value[at + 1];
  out.time = read_validity(&value[at + 2]);
  out.valid_num = value[at + 19];
  out.pwd = pin_at(value, at + 20, dialect, "DP 53");
  return out;
}

Bytes temp_pw_reply(std::optional<uint16_t> slave_id, uint8_t hard_id, uint8_t result) {
  Bytes out;
  if (slave_id) put_u16be(out, *slave_id);
  out.push_back(hard_id);
  out.push_back(result);
  return out;
}

SetMasterSrand read_set_master_srand(const Bytes& value) {
  need(value, kSetMasterSrandSize, "DP 70");
  SetMasterSrand out;
  out.master_id = get_u16be(&value[0]);
  out.slave_id = get_u16be(&value[2]);
  out.srand = code8_at(&value[4]);
  out.operation = value[12];
  out.master_id_new = get_u16be(&value[13]);
  out.srand_new = code8_at(&value[15]);
  return out;
}

Bytes set_master_srand_reply(const SetMasterSrand& request, uint8_t result) {
  Bytes out;
  put_u16be(out, request.slave_id);
  put_u16be(out, request.master_id);
  out.insert(out.end(), request.srand.begin(), request.srand.end());
  out.push_back(request.operation);
  put_u16be(out, request.master_id_new);
  out.push_back(result);
  return out;
}

OpenWithMaster read_open_with_master(const Bytes& value) {
  need(value, 18, "DP 71");
  OpenWithMaster out;
  out.master_id = get_u16be(&value[0]);
  out.slave_id = get_u16be(&value[2]);
  out.srand = code8_at(&value[4]);
  out.operation = value[12];
  out.timestamp = get_u32be(&value[13]);
  out.open_meth = value[17];
  out.open_meth_info.assign(value.begin() + 18, value.end());
  return out;
}

Bytes open_with_master_reply(const OpenWithMaster& request, uint8_t result) {
  Bytes out;
  put_u16be(out, request.slave_id);
  put_u16be(out, request.master_id);
  out.insert(out.end(), request.srand.begin(), request.srand.end());
  out.push_back(request.operation);
  put_u32be(out, request.timestamp);
  out.push_back(request.open_meth);
  out.push_back(result);
  return out;
}

NopwdRemoteSetkey read_nopwd_remote_setkey(const Bytes& value) {
  need(value, 21, "DP 60");
  NopwdRemoteSetkey out;
  out.valid = value[0];
  out.member_id = get_u16be(&value[1]);
  out.time_begin = get_u32be(&value[3]);
  out.time_end = get_u32be(&value[7]);
  out.valid_num = get_u16be(&value[11]);
  out.password = code8_at(&value[13]);
  return out;
}

NopwdRemote read_nopwd_remote(const Bytes& value) {
  need(value, 12, "DP 61");
  NopwdRemote out;
  out.open = value[0];
  out.member_id = get_u16be(&value[1]);
  out.password = code8_at(&value[3]);
  out.type = value[11];
  return out;
}

Bytes nopwd_remote_reply(uint8_t result, uint16_t member_id) {
  Bytes out{result};
  put_u16be(out, member_id);
  return out;
}

uint32_t read_t0(const Bytes& value) {
  if (value.empty() || value.size() > 10) throw_error(ErrorCode::BadFrame, "DP 64 is not a decimal time");
  uint64_t number = 0;
  for (uint8_t c : value) {
    if (c < '0' || c > '9') throw_error(ErrorCode::BadFrame, "DP 64 is not a decimal time");
    number = number * 10 + (c - '0');
  }
  if (number > UINT32_MAX) throw_error(ErrorCode::BadFrame, "DP 64 is beyond 32 bits");
  return static_cast<uint32_t>(number);
}

}  // namespace doorlock::sim::fw
