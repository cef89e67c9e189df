// The lock DP field tables (ble-protocol.md §6.3-§6.7, §6b; S4 lock_dp_parser.h): one entry per
// field, in wire order, read by the codec (lock_dp_codec.cpp) and described to JavaScript (the
// generated lock-DP types) by lock_dp_catalog.cpp. Internal to those two files.
#pragma once

#include <cstddef>
#include <cstdint>

#include "doorlock/ble/lock_dp.h"

namespace doorlock::ble::lock_dp::detail {

// How one field sits on the wire and in JSON.
enum class Kind : uint8_t {
  U8,  // number, or one of the field's names
  U16,
  U32,
  Flag,      // boolean as one byte 0/1
  Validity,  // the 17-byte block; JSON as dl.validityBlock takes it
  Window,    // start u32 | end u32 from a validity without a repeat ("named" layout)
  Password,  // length byte + one byte per digit
  Name,      // length byte + UTF-8
  Bytes8,    // 8 bytes: 8 ASCII characters, 16 hex digits or a Uint8Array
  Rest,      // whatever follows, as bytes
  TypeList,  // one byte per unlock-method type, the whole value (DP 54)
  Decimal,   // the whole value as decimal ASCII digits (DP 64)
};

struct NameEntry {
  uint8_t value;
  const char* name;
};

inline constexpr int64_t kRequired = -1;

struct Field {
  const char* name;
  Kind kind;
  int64_t fallback;  // used when the caller leaves the field out; kRequired: it must be given
  uint32_t min;
  uint32_t max;
  const NameEntry* names;
};

struct Table {
  const Field* fields;
  uint8_t count;
};

template <size_t N>
constexpr Table table(const Field (&fields)[N]) {
  return Table{fields, static_cast<uint8_t>(N)};
}

inline constexpr NameEntry kMethodNames[] = {{0, "member"}, {1, "password"}, {2, "card"}, {3, "fingerprint"},
                                             {4, "face"},   {5, "palm"},     {6, "vein"}, {0, nullptr}};
inline constexpr NameEntry kStageNames[] = {{0x00, "start"}, {0xFE, "cancel"}, {0, nullptr}};
inline constexpr NameEntry kTemporaryTypeNames[] = {{0, "multiple"}, {1, "once"}, {0, nullptr}};
inline constexpr NameEntry kOperationNames[] = {{0, "add"}, {1, "delete"}, {0, nullptr}};
inline constexpr NameEntry kRemoteTypeNames[] = {{1, "phone"}, {2, "voice"}, {0, nullptr}};

// Results the lock reports, as short names (ble-protocol.md §6.3-§6.5).
inline constexpr NameEntry kEnrolStageResults[] = {{0x00, "started"},   {0xFC, "running"},  {0xFD, "failed"},
                                                   {0xFE, "cancelled"}, {0xFF, "complete"}, {0, nullptr}};
inline constexpr NameEntry kEnrolFailures[] = {{0, "timeout"},
                                               {1, "failed"},
                                               {2, "duplicate"},
                                               {3, "no_free_hard_id"},
                                               {4, "invalid_password"},
                                               {5, "invalid_password_length"},
                                               {6, "invalid_method"},
                                               {7, "fingerprint_busy"},
                                               {8, "card_or_face_busy"},
                                               {0xFE, "wrong_number"},
                                               {0, nullptr}};
inline constexpr NameEntry kFfOkResults[] = {{0xFF, "ok"}, {0x00, "failed"}, {0, nullptr}};
// DP 51 statuses as Tuya's panel names them (ble-protocol.md §6b.1): 03 the PIN exists, 0a too weak.
inline constexpr NameEntry kTemporaryResults[] = {{0, "ok"},     {1, "failed"},      {2, "no_free_hard_id"},
                                                  {3, "exists"}, {0x0A, "too_weak"}, {0, nullptr}};
inline constexpr NameEntry kModifyTemporaryResults[] = {
    {0, "ok"}, {1, "failed"}, {3, "exists"}, {0x0A, "too_weak"}, {0, nullptr}};
inline constexpr NameEntry kPlainResults[] = {{0, "ok"}, {1, "failed"}, {0, nullptr}};
inline constexpr NameEntry kRemoteResults[] = {{0, "ok"},           {1, "open_failed"},    {2, "not_configured"},
                                               {3, "no_uses_left"}, {4, "outside_window"}, {5, "wrong_password"},
                                               {0, nullptr}};
inline constexpr NameEntry kCheckCodeResults[] = {{0, "ok"},
                                                  {2, "bad_master_id"},
                                                  {3, "slave_id_mismatch"},
                                                  {4, "check_code_mismatch"},
                                                  {5, "bad_operation"},
                                                  {6, "storage_full"},
                                                  {7, "not_found"},
                                                  {0, nullptr}};
inline constexpr NameEntry kUnlockResults[] = {{0, "ok"},
                                               {1, "motor_failed"},
                                               {2, "unknown_master_id"},
                                               {3, "slave_id_mismatch"},
                                               {4, "check_code_mismatch"},
                                               {5, "bad_operation"},
                                               {0, nullptr}};

// ---- Field tables (ble-protocol.md §6.3-§6.7; S4 lock_dp_parser.h) ----

inline constexpr Field kSlaveIdPrefix[] = {{"slaveId", Kind::U16, kRequired, 0, 0xFFFF, nullptr}};

inline constexpr Field kCreateMethodRequest[] = {{"method", Kind::U8, kRequired, 0, 255, kMethodNames},
                                                 {"stage", Kind::U8, 0, 0, 255, kStageNames},
                                                 {"admin", Kind::Flag, 0, 0, 1, nullptr},
                                                 {"memberId", Kind::U8, kRequired, 1, 100, nullptr},
                                                 {"hardId", Kind::U8, 0xFF, 0, 255, nullptr},
                                                 {"validity", Kind::Validity, kRequired, 0, 0, nullptr},
                                                 {"validNum", Kind::U8, 0, 0, 255, nullptr},
                                                 {"password", Kind::Password, 0, 0, 0, nullptr}};
inline constexpr Field kCreateMethodReply[] = {
    {"method", Kind::U8, kRequired, 0, 255, nullptr}, {"stage", Kind::U8, kRequired, 0, 255, nullptr},
    {"admin", Kind::Flag, 0, 0, 1, nullptr},          {"memberId", Kind::U8, kRequired, 0, 255, nullptr},
    {"hardId", Kind::U8, kRequired, 0, 255, nullptr}, {"regNum", Kind::U8, 0, 0, 255, nullptr},
    {"result", Kind::U8, 0, 0, 255, nullptr}};
inline constexpr Field kDeleteMethodRequest[] = {{"method", Kind::U8, kRequired, 0, 255, kMethodNames},
                                                 {"stage", Kind::U8, 0, 0, 255, kStageNames},
                                                 {"admin", Kind::Flag, 0, 0, 1, nullptr},
                                                 {"memberId", Kind::U8, kRequired, 1, 100, nullptr},
                                                 {"hardId", Kind::U8, kRequired, 0, 255, nullptr},
                                                 {"deleteStyle", Kind::U8, 1, 0, 255, nullptr}};
inline constexpr Field kDeleteMethodReply[] = {
    {"method", Kind::U8, kRequired, 0, 255, nullptr}, {"stage", Kind::U8, kRequired, 0, 255, nullptr},
    {"admin", Kind::Flag, 0, 0, 1, nullptr},          {"memberId", Kind::U8, kRequired, 0, 255, nullptr},
    {"hardId", Kind::U8, kRequired, 0, 255, nullptr}, {"deleteStyle", Kind::U8, kRequired, 0, 255, nullptr},
    {"result", Kind::U8, kRequired, 0, 255, nullptr}};
inline constexpr Field kModifyMethodRequest[] = {{"method", Kind::U8, kRequired, 0, 255, kMethodNames},
                                                 {"stage", Kind::U8, 0, 0, 255, kStageNames},
                                                 {"admin", Kind::Flag, 0, 0, 1, nullptr},
                                                 {"memberId", Kind::U8, kRequired, 1, 100, nullptr},
                                                 {"hardId", Kind::U8, kRequired, 0, 255, nullptr},
                                                 {"validity", Kind::Validity, kRequired, 0, 0, nullptr},
                                                 {"cycle", Kind::U8, 0, 0, 255, nullptr},
                                                 {"password", Kind::Password, 0, 0, 0, nullptr}};
inline constexpr Field kModifyMethodReply[] = {
    {"method", Kind::U8, kRequired, 0, 255, nullptr}, {"stage", Kind::U8, kRequired, 0, 255, nullptr},
    {"admin", Kind::Flag, 0, 0, 1, nullptr},          {"memberId", Kind::U8, kRequired, 0, 255, nullptr},
    {"hardId", Kind::U8, kRequired, 0, 255, nullptr}, {"cycle", Kind::U8, 0, 0, 255, nullptr},
    {"result", Kind::U8, kRequired, 0, 255, nullptr}};

// `type` is 01 in everything Tuya's panel writes (§6b.1); no source gives the byte a meaning, so
// 'multiple' (0) and 'once' (1) are only aliases kept for older callers.
inline constexpr Field kCreateTemporaryRequest[] = {{"type", Kind::U8, 1, 0, 255, kTemporaryTypeNames},
                                                    {"validity", Kind::Validity, kRequired, 0, 0, nullptr},
                                                    {"validNum", Kind::U8, 0, 0, 255, nullptr},
                                                    {"password", Kind::Password, kRequired, 0, 0, nullptr}};
// The panel's modify changes the validity only: pwd_len 0 and no digits (§6b.1).
inline constexpr Field kModifyTemporaryRequest[] = {{"hardId", Kind::U8, kRequired, 0, 255, nullptr},
                                                    {"type", Kind::U8, 1, 0, 255, kTemporaryTypeNames},
                                                    {"validity", Kind::Validity, kRequired, 0, 0, nullptr},
                                                    {"validNum", Kind::U8, 0, 0, 255, nullptr},
                                                    {"password", Kind::Password, 0, 0, 0, nullptr}};
inline constexpr Field kCreateTemporaryNamed[] = {{"password", Kind::Password, kRequired, 0, 0, nullptr},
                                                  {"validity", Kind::Window, kRequired, 0, 0, nullptr},
                                                  {"name", Kind::Name, 0, 0, 0, nullptr}};
inline constexpr Field kModifyTemporaryNamed[] = {{"hardId", Kind::U8, kRequired, 0, 255, nullptr},
                                                  {"password", Kind::Password, kRequired, 0, 0, nullptr},
                                                  {"validity", Kind::Window, kRequired, 0, 0, nullptr},
                                                  {"name", Kind::Name, 0, 0, 0, nullptr}};
inline constexpr Field kDeleteTemporaryRequest[] = {{"hardId", Kind::U8, kRequired, 0, 255, nullptr}};
inline constexpr Field kTemporaryReply[] = {{"hardId", Kind::U8, kRequired, 0, 255, nullptr},
                                            {"result", Kind::U8, kRequired, 0, 255, nullptr}};

inline constexpr Field kSyncRequest[] = {{"types", Kind::TypeList, kRequired, 0, 0, nullptr}};

inline constexpr Field kRemoteConfigRequest[] = {{"enabled", Kind::Flag, 1, 0, 1, nullptr},
                                                 {"memberId", Kind::U16, kRequired, 0, 0xFFFF, nullptr},
                                                 {"effectiveTime", Kind::U32, kRequired, 0, UINT32_MAX, nullptr},
                                                 {"invalidTime", Kind::U32, kRequired, 0, UINT32_MAX, nullptr},
                                                 {"validNum", Kind::U16, kRequired, 0, 0xFFFF, nullptr},
                                                 {"password", Kind::Bytes8, kRequired, 0, 0, nullptr}};
inline constexpr Field kRemoteUnlockRequest[] = {{"open", Kind::Flag, 1, 0, 1, nullptr},
                                                 {"memberId", Kind::U16, kRequired, 0, 0xFFFF, nullptr},
                                                 {"password", Kind::Bytes8, kRequired, 0, 0, nullptr},
                                                 {"type", Kind::U8, 1, 1, 2, kRemoteTypeNames}};
inline constexpr Field kRemoteReply[] = {{"result", Kind::U8, kRequired, 0, 255, nullptr},
                                         {"memberId", Kind::U16, kRequired, 0, 0xFFFF, nullptr}};

inline constexpr Field kT0Request[] = {{"activeTime", Kind::Decimal, kRequired, 1, UINT32_MAX, nullptr}};

inline constexpr Field kCheckCodeRequest[] = {
    {"masterId", Kind::U16, 0xFFFF, 0, 0xFFFF, nullptr},    {"slaveId", Kind::U16, 1, 0, 0xFFFF, nullptr},
    {"checkCode", Kind::Bytes8, 0, 0, 0, nullptr},          {"operation", Kind::U8, 0, 0, 1, kOperationNames},
    {"newMasterId", Kind::U16, 0xFFFF, 0, 0xFFFF, nullptr}, {"newCheckCode", Kind::Bytes8, kRequired, 0, 0, nullptr}};
inline constexpr Field kCheckCodeReply[] = {
    {"slaveId", Kind::U16, kRequired, 0, 0xFFFF, nullptr},     {"masterId", Kind::U16, kRequired, 0, 0xFFFF, nullptr},
    {"checkCode", Kind::Bytes8, kRequired, 0, 0, nullptr},     {"operation", Kind::U8, kRequired, 0, 255, nullptr},
    {"newMasterId", Kind::U16, kRequired, 0, 0xFFFF, nullptr}, {"result", Kind::U8, kRequired, 0, 255, nullptr}};
inline constexpr Field kUnlockCheckRequest[] = {
    {"masterId", Kind::U16, 0xFFFF, 0, 0xFFFF, nullptr},         {"slaveId", Kind::U16, 1, 0, 0xFFFF, nullptr},
    {"checkCode", Kind::Bytes8, kRequired, 0, 0, nullptr},       {"open", Kind::Flag, kRequired, 0, 1, nullptr},
    {"timestamp", Kind::U32, kRequired, 0, UINT32_MAX, nullptr}, {"method", Kind::U8, 0, 0, 255, nullptr},
    {"memberId", Kind::U8, kRequired, 0, 255, nullptr},          {"methodInfo", Kind::Rest, 0, 0, 0, nullptr}};
inline constexpr Field kUnlockCheckReply[] = {{"slaveId", Kind::U16, kRequired, 0, 0xFFFF, nullptr},
                                              {"masterId", Kind::U16, kRequired, 0, 0xFFFF, nullptr},
                                              {"checkCode", Kind::Bytes8, kRequired, 0, 0, nullptr},
                                              {"open", Kind::Flag, kRequired, 0, 1, nullptr},
                                              {"timestamp", Kind::U32, kRequired, 0, UINT32_MAX, nullptr},
                                              {"method", Kind::U8, kRequired, 0, 255, nullptr},
                                              {"result", Kind::U8, kRequired, 0, 255, nullptr}};

struct Spec {
  const char* name;
  uint8_t dp;
  Table request;
  Table reply;               // count 0: the lock does not answer in this DP
  const char* result_field;  // the field that says how it went
  uint8_t ok_value;
  const NameEntry* results;
};

inline constexpr Table kNoReply{nullptr, 0};

// Indexed by Message.
inline constexpr Spec kSpecs[] = {
    {"createUnlockMethod", kDpCreateUnlockMethod, table(kCreateMethodRequest), table(kCreateMethodReply), "stage", 0xFF,
     kEnrolStageResults},
    {"deleteUnlockMethod", kDpDeleteUnlockMethod, table(kDeleteMethodRequest), table(kDeleteMethodReply), "result",
     0xFF, kFfOkResults},
    {"modifyUnlockMethod", kDpModifyUnlockMethod, table(kModifyMethodRequest), table(kModifyMethodReply), "result",
     0xFF, kFfOkResults},
    {"createTemporaryPassword", kDpCreateTemporaryPassword, table(kCreateTemporaryRequest), table(kTemporaryReply),
     "result", 0, kTemporaryResults},
    {"deleteTemporaryPassword", kDpDeleteTemporaryPassword, table(kDeleteTemporaryRequest), table(kTemporaryReply),
     "result", 0, kPlainResults},
    {"modifyTemporaryPassword", kDpModifyTemporaryPassword, table(kModifyTemporaryRequest), table(kTemporaryReply),
     "result", 0, kModifyTemporaryResults},
    {"syncMethods", kDpSyncMethods, table(kSyncRequest), kNoReply, nullptr, 0, nullptr},
    {"configureRemoteUnlock", kDpRemoteUnlockConfig, table(kRemoteConfigRequest), table(kRemoteReply), "result", 0,
     kPlainResults},
    {"remoteUnlock", kDpRemoteUnlock, table(kRemoteUnlockRequest), table(kRemoteReply), "result", 0, kRemoteResults},
    {"setT0", kDpOfflineT0, table(kT0Request), kNoReply, nullptr, 0, nullptr},
    {"setCheckCode", kDpSetCheckCode, table(kCheckCodeRequest), table(kCheckCodeReply), "result", 0, kCheckCodeResults},
    {"unlockCheck", kDpUnlockCheck, table(kUnlockCheckRequest), table(kUnlockCheckReply), "result", 0, kUnlockResults},
};

inline const Spec& spec(Message message) { return kSpecs[static_cast<size_t>(message)]; }

// Option values, indexed by DigitEncoding and TemporaryPasswordLayout.
inline constexpr const char* kDigitNames[] = {"value", "ascii"};
inline constexpr const char* kLayoutNames[] = {"sdk", "fitting", "named"};

// Warning codes of build_request.
inline constexpr const char* kWarningWindow = "WINDOW_MAY_NEVER_OPEN";
inline constexpr const char* kWarningModifyClearsPin = "MODIFY_CLEARS_PIN_ON_3X";

}  // namespace doorlock::ble::lock_dp::detail
