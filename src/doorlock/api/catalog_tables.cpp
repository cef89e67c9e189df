// The catalog tables, transcribed from doorlock-cloud-api.txt. Where the reference contradicts
// itself the choice is written next to the entry (and listed in docs/cloud-api-notes.md):
// - A table without a location column: device_id is URI; the rest is QUERY for queries and
//   BODY for everything else. "URL" in a location column means QUERY.
// - Actions without an "Applicable lock types" block (device.*, timer.currentTime,
//   doorLock.getUser, doorLock.listUserOpmodes, doorLock.listUsers,
//   doorLock.deleteOfflinePassword) apply to every lock type.
// - Result members are optional unless the reference's samples always carry them and a caller
//   cannot do without them; members the tables do not list pass through unchanged. They carry no
//   description (the reference's return tables describe them): the module ships every byte here.
#include "doorlock/api/catalog.h"

namespace doorlock::api {

namespace {

constexpr Location URI = Location::Uri;
constexpr Location QUERY = Location::Query;
constexpr Location BODY = Location::Body;
constexpr Location NONE = Location::None;

// --- values the reference enumerates --------------------------------------------------------

constexpr const char* kTicketPasswordType[] = {"ticket", nullptr};
constexpr const char* kHijackUnlockTypes[] = {"fingerprint", "password", "card", "face", nullptr};
constexpr const char* kRemoteUnlockTypes[] = {"remoteUnlockWithoutPwd", "remoteUnlockWithPwd", nullptr};
constexpr const char* kSharingBizTypes[] = {"unlock_ble", "unlock_fingerprint", nullptr};
constexpr const char* kUserUnlockDpCodes[] = {"unlock_fingerprint", "unlock_password", "unlock_card", nullptr};

// --- request fields shared by many actions ----------------------------------------------------

constexpr Field kDeviceId = string_field("device_id", URI, "The device ID.").req().fmt(Format::Id);
constexpr Field kPasswordId =
    long_field("password_id", URI, "The ID of a temporary password.").req().range(1, kSafeIntegerMax);

constexpr Field page_no(Location at) {
  return integer_field("page_no", at, "The page number, starting from 1.").req().range(1, kInt32Max);
}
constexpr Field page_size(Location at) {
  return integer_field("page_size", at, "The number of entries on each page.").req().range(1, kInt32Max);
}
constexpr Field dp_codes(const char* name, const char* description) {
  return csv_field(name, QUERY, description).req();
}

// The daily windows of a temporary password: minutes of the day and a weekday mask (bit0 = Sunday).
constexpr Field kScheduleWindow[] = {
    long_field("effective_time", NONE, "When the password starts working on that day, in minutes (07:30 = 450).")
        .req()
        .fmt(Format::MinuteOfDay)
        .range(0, 1440),
    long_field("invalid_time", NONE, "When the password stops working on that day, in minutes.")
        .req()
        .fmt(Format::MinuteOfDay)
        .range(0, 1440)
        .later_than("effective_time"),
    integer_field("working_day", NONE, "Weekdays as bits, bit0 = Sunday ... bit6 = Saturday (Mon+Tue+Fri = 38).")
        .req()
        .fmt(Format::WeekdayMask)
        .range(0, 127),
};

// The fields shared by the temporary-password actions that set a password.
constexpr Field kPassword = string_field("password", BODY,
                                         "The PIN encrypted with the ticket key (AES-128-ECB, PKCS7, hex). Plain PINs "
                                         "have 7 digits on Wi-Fi locks, 6 on Zigbee and Bluetooth locks.")
                                .req()
                                .fmt(Format::EncryptedPassword);
constexpr Field kEffectiveTime =
    long_field("effective_time", BODY, "When the password starts working, 10-digit Unix seconds.")
        .req()
        .fmt(Format::Timestamp);
constexpr Field kInvalidTime = long_field("invalid_time", BODY, "When the password expires, 10-digit Unix seconds.")
                                   .req()
                                   .fmt(Format::Timestamp)
                                   .later_than("effective_time");
constexpr Field kPasswordType = string_field("password_type", BODY, "How the password is protected: always \"ticket\".")
                                    .req()
                                    .one_of(kTicketPasswordType);
constexpr Field kTicketId =
    string_field("ticket_id", BODY, "The ticket_id from doorLock.passwordTicket.").req().fmt(Format::Id);
constexpr Field kPhone = string_field("phone", BODY, "The mobile phone number.");
constexpr Field kValidityType =
    integer_field("type", BODY, "1: one-time password; 0: usable until it expires. Required on Zigbee locks.")
        .range(0, 1);
constexpr Field kTimeZone =
    string_field("time_zone", BODY,
                 "The time zone of the schedule (IANA name or UTC offset). Required with schedule_list.")
        .fmt(Format::TimeZone)
        .with("schedule_list");
constexpr Field kScheduleList =
    list_field("schedule_list", BODY, "Daily windows in which the password works.").of(kScheduleWindow);
constexpr Field kBluetoothSymbolic =
    boolean_field("bluetooth_symbolic", BODY, "Bluetooth locks: true to send the password through the gateway.")
        .only_on(kBle);
constexpr Field kPasswordSn =
    integer_field("sn", BODY, "Bluetooth locks: the serial number of the password on the lock.")
        .range(0, kInt32Max)
        .only_on(kBle);
constexpr Field kName = string_field("name", BODY, "The name of the temporary password.").range(1, kInt32Max);

constexpr Field kUnlockNo =
    integer_field("unlock_no", BODY, "The serial number of the unlocking method.").req().range(0, kInt32Max);
constexpr Field kHijackUnlockType =
    string_field("unlock_type", BODY, "The unlocking method.").req().one_of(kHijackUnlockTypes);
constexpr Field kBluetoothSn =
    integer_field("bluetooth_sn", BODY, "The anti-replay serial number of the Bluetooth link.")
        .req()
        .range(0, kInt32Max);
constexpr Field kDeviceRandom =
    string_field("device_random", BODY, "The lock's random number (from doorLock.getIssuedConfig).")
        .req()
        .fmt(Format::Id);
constexpr Field kSharingId =
    string_field("sharing_id", BODY, "The ID of the sharing invitation.").req().fmt(Format::Id);
constexpr Field kSharingTicket =
    string_field("sharing_ticket", BODY, "The one-time ticket of the sharing invitation.").req().fmt(Format::Id);
constexpr Field kAppSchema = string_field("app_schema", BODY, "The schema of the application.").req().fmt(Format::Id);
constexpr Field kUserId = string_field("user_id", BODY, "The user ID.").req().fmt(Format::Id);

// --- result shapes shared by many actions -----------------------------------------------------

constexpr Field kBooleanResult = boolean_field("result", NONE, "Whether the operation succeeded.").req();

constexpr Field kDpStatus[] = {
    string_field("code", NONE).req(),
    object_field("value", NONE),
};
constexpr Field kMediaInfo[] = {
    string_field("file_url", NONE),
    string_field("file_key", NONE),
    string_field("file_path", NONE),
    string_field("bucket", NONE),
};
constexpr Field kScheduleWindowResult[] = {
    long_field("effective_time", NONE),
    long_field("invalid_time", NONE),
    integer_field("working_day", NONE),
};
// getTemporaryPassword's result and getTemporaryPasswordList's items. The list table calls the
// key `id`, its sample and getTemporaryPassword call it `password_id`: password_id, id accepted.
constexpr Field kTemporaryPassword[] = {
    long_field("password_id", NONE).req().or_named("id"),
    string_field("name", NONE),
    integer_field("phase", NONE),
    long_field("effective_time", NONE),
    long_field("invalid_time", NONE),
    string_field("phone", NONE),
    string_field("time_zone", NONE),
    integer_field("delivery_status", NONE),
    list_field("schedule_list", NONE).of(kScheduleWindowResult),
    integer_field("sn", NONE),
};
constexpr Field kUnlockInstruction[] = {
    string_field("instruction", NONE).req(),
    integer_field("next_sn", NONE).req(),
};
constexpr Field kSharingInvitation[] = {
    string_field("sharing_id", NONE).req(),
    string_field("sharing_ticket", NONE).req(),
    long_field("expire_time", NONE).req(),
};
// getIssuedConfig and getSyncableOpmodeTypes. The tables say `distribute` and `dp_id`; the samples
// also send `distributed` and `dpId`. Canonical: distributed (used by getSyncableOpmodeTypes' table
// and its text) and dp_id; the other spellings are accepted.
constexpr Field kIssuedDp[] = {
    boolean_field("distributed", NONE).or_named("distribute"),
    string_field("wake_up_ins", NONE),
    integer_field("dp_id", NONE).or_named("dpId"),
    string_field("ins", NONE),
    string_field("dev_unlock_id", NONE),
};

// --- the actions, in the order of the reference -----------------------------------------------

constexpr Field kAlarmLogsParams[] = {
    kDeviceId,
    page_no(QUERY),
    page_size(QUERY),
    csv_field("codes", QUERY, "Alert data-point codes, comma-separated.").req(),
};
constexpr Field kAlarmRecord[] = {
    list_field("status", NONE).of(kDpStatus),
    long_field("update_time", NONE),
    string_field("nick_name", NONE),
};
constexpr Field kAlarmLogsResult[] = {
    integer_field("total", NONE),
    list_field("records", NONE).req().range(0, kInt32Max).of(kAlarmRecord),
};

constexpr Field kListRecordsParams[] = {
    kDeviceId,
    dp_codes("target_standard_dp_codes", "Standard data-point codes, comma-separated."),
    long_field("start_time", QUERY, "Start of the period; 0 for no bound.").req().range(0, kSafeIntegerMax),
    long_field("end_time", QUERY, "End of the period; 0 for no bound.").req().range(0, kSafeIntegerMax),
    page_no(QUERY),
    page_size(QUERY),
};
constexpr Field kUnionUnlock[] = {
    string_field("user_name", NONE),
    string_field("opmode", NONE),
    string_field("unlock_name", NONE),
};
constexpr Field kUnlockRecord[] = {
    string_field("record_id", NONE),
    string_field("user_id", NONE),
    string_field("user_name", NONE),
    string_field("unlock_name", NONE),
    string_field("avatar", NONE),
    long_field("gmt_create", NONE),
    list_field("dps", NONE).range(0, kInt32Max),
    integer_field("status", NONE),
    string_field("record_type", NONE),
    list_field("media_info_list", NONE).range(0, kInt32Max).of(kMediaInfo),
    integer_field("member_bindable_flag", NONE),
    list_field("union_unlock_info", NONE).range(0, kInt32Max).of(kUnionUnlock),
    string_field("channel_id", NONE),
};
// The table describes one record; the sample wraps records in { total, unreadCount, records }.
constexpr Field kListRecordsResult[] = {
    integer_field("total", NONE),
    integer_field("unreadCount", NONE),
    list_field("records", NONE).req().range(0, kInt32Max).of(kUnlockRecord),
};

constexpr Field kOperateRecordsParams[] = {
    kDeviceId,
    long_field("startTime", QUERY, "Start of the period; 0 for all time.").req().range(0, kSafeIntegerMax),
    long_field("endTime", QUERY, "End of the period; 0 for all time.").req().range(0, kSafeIntegerMax),
    csv_field("userIds", QUERY, "User IDs, comma-separated."),
    // The table says Integer with its values missing; the sample sends "unlock_record".
    csv_field("logCategories", QUERY, "Log categories, comma-separated (e.g. unlock_record)."),
    string_field("lastRowKey", QUERY, "The lastRowKey of the previous page; leave out on the first query.")
        .fmt(Format::Id),
    integer_field("pageSize", QUERY, "Entries per page, at most 100.").req().range(1, 100),
    boolean_field("onlyShowMediaRecord", QUERY, "true: only records with images."),
};
constexpr Field kOperateRecord[] = {
    string_field("log_id", NONE),        string_field("log_type", NONE),
    string_field("log_category", NONE),  integer_field("record_type", NONE),
    string_field("user_id", NONE),       string_field("user_name", NONE),
    string_field("unlock_name", NONE),   boolean_field("member_bindable_flag", NONE),
    integer_field("dp_id", NONE),        long_field("time", NONE),
    boolean_field("current_user", NONE), list_field("media_info_list", NONE).range(0, kInt32Max),
};
constexpr Field kOperateRecordsResult[] = {
    boolean_field("hasMore", NONE),
    string_field("lastRowKey", NONE),
    list_field("records", NONE).req().range(0, kInt32Max).of(kOperateRecord),
};

constexpr Field kLogLatestParams[] = {kDeviceId};
constexpr Field kUnionUnlockLatest[] = {
    string_field("userName", NONE),     string_field("opMode", NONE), string_field("unlockName", NONE),
    boolean_field("currentUser", NONE), integer_field("sn", NONE),
};
constexpr Field kLogLatestResult[] = {
    boolean_field("exist", NONE),       long_field("logId", NONE),
    string_field("logCategory", NONE),  string_field("logType", NONE),
    integer_field("recordType", NONE),  string_field("unlockNameRosettaKey", NONE),
    boolean_field("currentUser", NONE), string_field("userId", NONE),
    string_field("userName", NONE),     string_field("unlockName", NONE),
    long_field("time", NONE),           string_field("relateDevName", NONE),
    string_field("relateOpMode", NONE), list_field("unionUnlockInfo", NONE).range(0, kInt32Max).of(kUnionUnlockLatest),
    object_field("data", NONE),         integer_field("unReadCount", NONE),
};

constexpr Field kDeviceOnlyParams[] = {kDeviceId};
constexpr Field kDpMapping[] = {
    integer_field("dp_id", NONE).req(),
    string_field("dp_code", NONE).req(),
};

constexpr Field kPasswordFreeOpenParams[] = {
    kDeviceId,
    string_field("ticket_id", BODY, "The ticket_id from doorLock.passwordTicket.").req().fmt(Format::Id),
    string_field("channel_id", BODY, "Wi-Fi access control: the channel (door) to open.")
        .fmt(Format::Id)
        .only_on(kWifiAccessControl)
        .required_on(kWifiAccessControl),
};

constexpr Field kOpeningLogsParams[] = {
    kDeviceId,
    page_no(QUERY),
    page_size(QUERY),
    long_field("start_time", QUERY, "Start of the period, Unix milliseconds.").req().fmt(Format::TimestampMs),
    long_field("end_time", QUERY, "End of the period, Unix milliseconds.")
        .req()
        .fmt(Format::TimestampMs)
        .later_than("start_time"),
};
constexpr Field kOpeningStatus[] = {
    string_field("code", NONE).req(),
    string_field("value", NONE),
};
constexpr Field kOpeningLog[] = {
    string_field("avatar", NONE),    string_field("nick_name", NONE), string_field("unlock_name", NONE),
    long_field("update_time", NONE), string_field("user_id", NONE),   list_field("status", NONE).of(kOpeningStatus),
};
constexpr Field kOpeningLogsResult[] = {
    integer_field("total", NONE),
    list_field("logs", NONE).req().range(0, kInt32Max).of(kOpeningLog),
};

constexpr Field kDynamicPasswordResult[] = {
    string_field("dynamic_password", NONE).req(),
};

constexpr Field kTicketResult[] = {
    string_field("ticket_id", NONE).req(),
    string_field("ticket_key", NONE).req(),
    long_field("expire_time", NONE).req(),
};

constexpr Field kGetTemporaryPasswordParams[] = {kDeviceId, kPasswordId};

// The sample leaves `valid` out although the table requires it; the table wins.
constexpr Field kTemporaryPasswordListParams[] = {
    kDeviceId,
    boolean_field("valid", QUERY, "true: valid passwords; false: invalid ones.").req(),
};

constexpr Field kCreateTemporaryPasswordParams[] = {
    kDeviceId,      kName.req(),   kPassword,
    kEffectiveTime, kInvalidTime,  kPasswordType,
    kTicketId,      kPhone,        kValidityType.required_on(kZigbee),
    kTimeZone,      kScheduleList, kBluetoothSymbolic,
    kPasswordSn,
};
constexpr Field kCreatedPassword[] = {
    long_field("id", NONE).req(),
};

constexpr Field kCreateWithoutNameParams[] = {
    kDeviceId,
    kPassword,
    kEffectiveTime,
    kInvalidTime,
    kPasswordType,
    kTicketId,
    kPhone,
    kValidityType.required_on(kZigbee),
    kTimeZone,
    kScheduleList,
    kBluetoothSymbolic,
    kPasswordSn,
};

constexpr Field kModifyPasswordParams[] = {
    kDeviceId,    kPasswordId,   kName,     kPassword, kEffectiveTime,
    kInvalidTime, kPasswordType, kTicketId, kPhone,    kValidityType.required_on(kZigbee),
    kTimeZone,    kScheduleList,
    // The table also lists bluetooth_symbolic, a Bluetooth-only option, in this form that
    // Bluetooth locks do not support: left out, it could never apply.
};

// Renaming: only the name is required. A password given here is a password change, which
// Bluetooth locks do not support, and then needs its ticket. `type` stays optional on Zigbee:
// the rename sample leaves it out and renaming does not touch the validity.
constexpr Field kRenamePasswordParams[] = {
    kDeviceId,
    kPasswordId,
    kName.req(),
    kPassword.opt().only_on(kWifi | kZigbee),
    kEffectiveTime.opt(),
    kInvalidTime.opt(),
    kPasswordType.opt().with("password"),
    kTicketId.opt().with("password"),
    kPhone,
    kValidityType,
    kTimeZone,
    kScheduleList,
    kBluetoothSymbolic,
};

// The table types password_id as String, its sample and every other action as a number: Long.
constexpr Field kDeletePasswordParams[] = {
    kDeviceId,
    kPasswordId,
    kBluetoothSymbolic,
};

constexpr Field kDeviceStatusResult[] = {
    string_field("code", NONE).req(),
    object_field("value", NONE),
};

constexpr Field kCommand[] = {
    string_field("code", NONE, "The data-point code.").req().fmt(Format::Id),
    object_field("value", NONE, "The value to set: boolean, number or string.").req().fmt(Format::DpValue),
};
// The table types commands as Object; the sample sends a list of { code, value }.
constexpr Field kDeviceControlParams[] = {
    kDeviceId,
    list_field("commands", BODY, "The data points to set.").req().of(kCommand),
};

constexpr Field kRemoteUnlock[] = {
    string_field("remote_unlock_type", NONE).req(),
    boolean_field("open", NONE).req(),
    string_field("device_id", NONE),
};

constexpr Field kRemoteUnlockConfigParams[] = {
    kDeviceId,
    string_field("remote_unlock_type", BODY, "The remote unlocking method (values of doorLock.remoteUnlocks).")
        .req()
        .one_of(kRemoteUnlockTypes),
    boolean_field("open", BODY, "Whether to enable it.").req(),
};

constexpr Field kPagedDeviceParams[] = {kDeviceId, page_no(QUERY), page_size(QUERY)};
constexpr Field kUnlockInfo[] = {
    string_field("dp_code", NONE),
    integer_field("unlock_sn", NONE),
    string_field("unlock_name", NONE),
};
constexpr Field kUnallocatedOpmode[] = {
    string_field("opmode", NONE),
    string_field("standard_dp", NONE),
    list_field("unlock_info", NONE).range(0, kInt32Max).of(kUnlockInfo),
};

constexpr Field kUnlockListItem[] = {
    string_field("dp_code", NONE, "The standard data-point code of the method.").req().fmt(Format::Id),
    integer_field("unlock_sn", NONE, "The serial number of the method.").req().range(0, kInt32Max),
};
constexpr Field kAllocateOpmodeParams[] = {
    kDeviceId,
    kUserId,
    list_field("unlock_list", BODY, "The unlocking methods to bind.").req().of(kUnlockListItem),
};

constexpr Field kDeallocateOpmodeParams[] = {
    kDeviceId,
    kUserId,
    string_field("dp_code", BODY, "The standard data-point code of the method.").req().fmt(Format::Id),
    integer_field("unlock_sn", BODY, "The serial number of the method.").req().range(0, kInt32Max),
};

// The sample's times are 13 digits: milliseconds, although the table gives no unit.
constexpr Field kPermissionDetail[] = {
    string_field("biz_type", NONE, "unlock_ble or unlock_fingerprint.").req().one_of(kSharingBizTypes),
    integer_field("available_times", NONE, "How often it may be used; -1: unlimited.")
        .req()
        .fmt(Format::CountOrUnlimited)
        .range(-1, kInt32Max),
    string_field("name", NONE, "The name."),
    long_field("effective_time", NONE, "Start of validity, Unix milliseconds; leave out for always.")
        .fmt(Format::TimestampMs),
    long_field("invalid_time", NONE, "End of validity, Unix milliseconds; leave out for always.")
        .fmt(Format::TimestampMs)
        .later_than("effective_time"),
    integer_field("schedule_start_time", NONE, "Daily start, minutes (07:30 = 450).")
        .fmt(Format::MinuteOfDay)
        .range(0, 1440),
    integer_field("schedule_end_time", NONE, "Daily end, minutes.")
        .fmt(Format::MinuteOfDay)
        .range(0, 1440)
        .later_than("schedule_start_time"),
    integer_field("working_day", NONE, "Weekdays as bits, bit0 = Sunday (Mon+Tue+Fri = 38).")
        .fmt(Format::WeekdayMask)
        .range(0, 127),
};
constexpr Field kCreatePermissionSharingParams[] = {
    kDeviceId,
    kAppSchema,
    string_field("sharer", BODY, "The account (UID) of the user who shares.").req().fmt(Format::Id),
    string_field("receiver", BODY, "The account of the user invited.").fmt(Format::Id),
    object_field("permission_detail", BODY, "What the invitation allows.").req().of(kPermissionDetail),
};

constexpr Field kVerifyPermissionSharingParams[] = {kSharingTicket};

constexpr Field kConfirmPermissionSharingParams[] = {
    kSharingId,
    kAppSchema,
    kSharingTicket,
    string_field("receiver", BODY, "The UID of the user who accepts.").req().fmt(Format::Id),
};
constexpr Field kPermission[] = {
    long_field("permission_id", NONE),
    string_field("biz_type", NONE),
    integer_field("available_times", NONE),
    string_field("name", NONE),
    long_field("effective_time", NONE),
    long_field("invalid_time", NONE),
    integer_field("schedule_start_time", NONE),
    integer_field("schedule_end_time", NONE),
    integer_field("working_day", NONE),
    integer_field("effective_flag", NONE),
    integer_field("schedule_effective_flag", NONE),
};

constexpr Field kCancelPermissionSharingParams[] = {kSharingId, kSharingTicket};

constexpr Field kHijackParams[] = {kDeviceId, kUnlockNo, kHijackUnlockType};

constexpr Field kUnlockInstructionParams[] = {kDeviceId, kBluetoothSn, kDeviceRandom};

constexpr Field kBleOpenInstructionParams[] = {
    kDeviceId,
    kBluetoothSn,
    kDeviceRandom,
    boolean_field("open", BODY, "true: unlock; false: lock."),
    integer_field("bluetooth_major_version", BODY, "The major version of the lock's BLE protocol (default 3).")
        .range(2, 5),
};

constexpr Field kPairingAuthKeyParams[] = {
    long_field("home_id", QUERY, "The home ID.").req().range(1, kSafeIntegerMax),
    string_field("uuid", QUERY, "The UUID of the device.").req().fmt(Format::Id),
    string_field("uid", QUERY, "The user ID.").req().fmt(Format::Id),
};
// The table says `random`, the sample `rondom`.
constexpr Field kPairingAuthKeyResult[] = {
    string_field("encrypted_auth_key", NONE).req(),
    string_field("random", NONE).req().or_named("rondom"),
};

constexpr Field kIssuedConfigResult[] = {
    object_field("lock_random", NONE).of(kIssuedDp),
    object_field("lock_record", NONE).of(kIssuedDp),
};

constexpr Field kListByIdsParams[] = {
    csv_field("device_ids", QUERY, "Device IDs, comma-separated.").req(),
};
constexpr Field kDeviceInfo[] = {
    string_field("id", NONE).req(),
    string_field("uid", NONE),
    string_field("local_key", NONE),
    string_field("category", NONE),
    string_field("product_id", NONE),
    boolean_field("sub", NONE),
    string_field("uuid", NONE),
    string_field("owner_id", NONE),
    boolean_field("online", NONE),
    string_field("name", NONE),
    string_field("ip", NONE),
    string_field("time_zone", NONE),
    long_field("create_time", NONE),
    long_field("update_time", NONE),
    long_field("active_time", NONE).req(),
    list_field("status", NONE).range(0, kInt32Max).of(kDpStatus),
};

constexpr Field kSyncableOpmodeParams[] = {
    kDeviceId,
    dp_codes("target_standard_dp_codes",
             "The record types to sync, comma-separated (e.g. unlock_fingerprint,unlock_password)."),
};
constexpr Field kSyncableOpmodeResult[] = {
    integer_field("dp_id", NONE).or_named("dpId"),
    boolean_field("distributed", NONE).req().or_named("distribute"),
    string_field("ins", NONE),
};

constexpr Field kOpenDoorParams[] = {kDeviceId, kPassword, kPasswordType, kTicketId};

constexpr Field kCancelPasswordFreeOpenParams[] = {
    kDeviceId,
    integer_field("type", BODY, "Why: 1 rejected, 2 cancelled.").req().range(1, 2),
};

// No section in the reference: the shape of deleteTemporaryPassword without its options.
constexpr Field kDeleteOfflinePasswordParams[] = {kDeviceId, kPasswordId};

// The table types file_type as String; its values are 1 and 2 and the sample sends a number.
constexpr Field kMediaUrlParams[] = {
    kDeviceId,
    integer_field("file_type", QUERY, "1: remote unlocking; 2: alert.").req().range(1, 2),
};

constexpr Field kGetUserParams[] = {
    kDeviceId,
    string_field("user_id", QUERY, "The user ID; \"0\" for the current user.").req().fmt(Format::Id),
};
constexpr Field kUserResult[] = {
    string_field("user_id", NONE),    integer_field("lock_user_id", NONE), string_field("avatar_url", NONE),
    integer_field("user_type", NONE), string_field("nick_name", NONE),     string_field("user_contact", NONE),
};

constexpr Field kListUserOpmodesParams[] = {
    kDeviceId,
    string_field("user_id", QUERY, "The user ID.").req().fmt(Format::Id),
    csv_field("target_unlock_standard_dp_codes", QUERY, "Unlocking methods, comma-separated; may be empty.")
        .req()
        .range(0, kInt32Max)
        .one_of(kUserUnlockDpCodes),
    page_no(QUERY),
    page_size(QUERY),
};
// The table types user_type and lock_user_id as String and photo_unlock as int; the sample sends
// numbers and false. They follow doorLock.getUser (Integer); photo_unlock stays Integer (0/1).
constexpr Field kUserOpmode[] = {
    string_field("user_name", NONE),     string_field("user_id", NONE),      integer_field("user_type", NONE),
    integer_field("lock_user_id", NONE), string_field("unlock_name", NONE),  string_field("dp_code", NONE),
    integer_field("unlock_sn", NONE),    integer_field("unlock_attr", NONE), integer_field("photo_unlock", NONE),
};
constexpr Field kUserOpmodesResult[] = {
    boolean_field("has_more", NONE),
    integer_field("total", NONE),
    list_field("records", NONE).req().range(0, kInt32Max).of(kUserOpmode),
};

constexpr Field kListUsersParams[] = {
    kDeviceId,
    csv_field("target_standard_dp_codes", QUERY, "Unlocking methods to include, comma-separated; empty: none.")
        .req()
        .range(0, kInt32Max),
    page_no(QUERY),
    page_size(QUERY),
};
constexpr Field kUserUnlock[] = {
    string_field("dp_code", NONE),      integer_field("unlock_sn", NONE),     string_field("unlock_name", NONE),
    integer_field("unlock_attr", NONE), integer_field("allocate_flag", NONE),
};
constexpr Field kUnlockDetail[] = {
    string_field("dp_code", NONE),
    boolean_field("open", NONE),
    integer_field("count", NONE),
    list_field("unlock_list", NONE).range(0, kInt32Max).of(kUserUnlock),
};
constexpr Field kScheduleDetail[] = {
    boolean_field("all_day", NONE),
    long_field("effective_time", NONE),
    long_field("invalid_time", NONE),
    integer_field("working_day", NONE),
};
constexpr Field kTimeScheduleInfo[] = {
    boolean_field("permanent", NONE),      long_field("effective_time", NONE),
    long_field("expired_time", NONE),      string_field("operate", NONE),
    string_field("delivery_status", NONE), list_field("schedule_details", NONE).range(0, kInt32Max).of(kScheduleDetail),
};
constexpr Field kLockUser[] = {
    string_field("user_id", NONE),
    integer_field("lock_user_id", NONE),
    string_field("user_contact", NONE),
    string_field("nick_name", NONE),
    string_field("avatar_url", NONE),
    integer_field("user_type", NONE),
    integer_field("back_home_notify_attr", NONE),
    list_field("unlock_detail", NONE).range(0, kInt32Max).of(kUnlockDetail),
    integer_field("effective_flag", NONE),
    object_field("time_schedule_info", NONE).of(kTimeScheduleInfo),
};

constexpr Field result_object(const Field* members, uint8_t count, const char* description) {
  Field f = object_field("result", NONE, description).req();
  f.detail = members;
  f.field_count = count;
  return f;
}
template <size_t N>
constexpr Field object_result(const Field (&members)[N], const char* description) {
  return result_object(members, static_cast<uint8_t>(N), description);
}
template <size_t N>
constexpr Field list_result(const Field (&members)[N], const char* description) {
  return list_field("result", NONE, description).req().range(0, kInt32Max).of(members);
}

template <size_t N>
constexpr Action action(const char* name, const char* summary, LockMask lock_types, bool read_only,
                        const Field (&params)[N], Field result) {
  return Action{name, nullptr, nullptr, summary, lock_types, read_only, params, static_cast<uint8_t>(N), result};
}
constexpr Action action(const char* name, const char* summary, LockMask lock_types, bool read_only, Field result) {
  return Action{name, nullptr, nullptr, summary, lock_types, read_only, nullptr, 0, result};
}
template <size_t N>
constexpr Action form(const char* name, const char* form_name, const char* chosen_by, const char* summary,
                      LockMask lock_types, bool read_only, const Field (&params)[N], Field result) {
  return Action{name, form_name, chosen_by, summary, lock_types, read_only, params, static_cast<uint8_t>(N), result};
}

constexpr bool kQuery = true;
constexpr bool kChange = false;

constexpr Action kActions[] = {
    action("doorLock.alarmLogs", "Query alert records.", kWifi | kZigbee | kBle, kQuery, kAlarmLogsParams,
           object_result(kAlarmLogsResult, "The alert records.")),
    action("doorLock.listRecords", "Query the history of unlocking operations and alerts.", kWifi | kBle, kQuery,
           kListRecordsParams, object_result(kListRecordsResult, "The records.")),
    action("doorLock.operateRecords", "Query the operation records.", kWifi | kBle, kQuery, kOperateRecordsParams,
           object_result(kOperateRecordsResult, "The records.")),
    action("doorLock.loglatest", "Query the latest log entry.", kWifi | kBle, kQuery, kLogLatestParams,
           object_result(kLogLatestResult, "The latest log entry.")),
    action("doorLock.getAvailableInstructions", "Get the mappings between standard dpCode and dpId.", kWifi | kBle,
           kQuery, kDeviceOnlyParams, list_result(kDpMapping, "The mappings.")),
    // The table leaves out Wi-Fi access control, but its channel_id exists only for that type.
    action("doorLock.passwordFreeOpen", "Unlock a door without a password.",
           kWifi | kZigbee | kBle | kStandardWifi | kWifiAccessControl, kChange, kPasswordFreeOpenParams,
           kBooleanResult),
    action("doorLock.openingLogs", "Query unlocking records.", kWifi | kZigbee | kBle, kQuery, kOpeningLogsParams,
           object_result(kOpeningLogsResult, "The unlocking records.")),
    action("doorLock.getDynamicPassword", "Query the dynamic password.", kWifi | kZigbee | kBle, kQuery,
           kDeviceOnlyParams, object_result(kDynamicPasswordResult, "The dynamic password.")),
    // Listed for Wi-Fi, Zigbee and Bluetooth, but standard Wi-Fi (passwordFreeOpen) and Wi-Fi access
    // control (temporary passwords) need its ticket too.
    action("doorLock.passwordTicket", "Query a temporary key (ticket) for password encryption.", kAnyLock, kQuery,
           kDeviceOnlyParams, object_result(kTicketResult, "The ticket.")),
    action("doorLock.getTemporaryPassword", "Query information about a temporary password.",
           kWifi | kZigbee | kBle | kWifiAccessControl, kQuery, kGetTemporaryPasswordParams,
           object_result(kTemporaryPassword, "The temporary password.")),
    // The table types the result as Object, the sample sends a list.
    action("doorLock.getTemporaryPasswordList", "Query a list of temporary passwords.",
           kWifi | kZigbee | kBle | kWifiAccessControl, kQuery, kTemporaryPasswordListParams,
           list_result(kTemporaryPassword, "The temporary passwords.")),
    action("doorLock.createTemporaryPassword", "Create a temporary password.",
           kWifi | kZigbee | kBle | kWifiAccessControl, kChange, kCreateTemporaryPasswordParams,
           object_result(kCreatedPassword, "The new password.")),
    action("doorLock.createTemporaryPasswordWithoutName", "Create a temporary password without a name.",
           kWifi | kZigbee | kBle, kChange, kCreateWithoutNameParams,
           object_result(kCreatedPassword, "The new password.")),
    // Two forms: given a password it is a change (not on Bluetooth locks), else a rename.
    form("doorLock.modifyTemporaryPassword", "modify", "password", "Modify a temporary password.",
         kWifi | kZigbee | kWifiAccessControl, kChange, kModifyPasswordParams, kBooleanResult),
    form("doorLock.modifyTemporaryPassword", "rename", nullptr, "Rename a temporary password.", kWifi | kZigbee | kBle,
         kChange, kRenamePasswordParams, kBooleanResult),
    action("doorLock.deleteTemporaryPassword", "Delete a temporary password.",
           kWifi | kZigbee | kBle | kWifiAccessControl, kChange, kDeletePasswordParams, kBooleanResult),
    action("doorLock.removalInvalidTempPasswords", "Clear the invalid temporary passwords.", kWifi | kZigbee | kBle,
           kChange, kDeviceOnlyParams, kBooleanResult),
    // The table types the result as Boolean, the sample sends the data-point list.
    action("device.status", "Query the latest status of a device.", kAnyLock, kQuery, kDeviceOnlyParams,
           list_result(kDeviceStatusResult, "The data points.")),
    action("device.control", "Send a command.", kAnyLock, kChange, kDeviceControlParams, kBooleanResult),
    action("doorLock.remoteUnlocks", "Query the remote unlocking methods of a lock.", kWifi | kZigbee | kBle, kQuery,
           kDeviceOnlyParams, list_result(kRemoteUnlock, "The remote unlocking methods.")),
    action("doorLock.remoteUnlockConfig", "Switch a remote unlocking method on or off.", kWifi | kZigbee | kBle,
           kChange, kRemoteUnlockConfigParams, kBooleanResult),
    action("doorLock.listUnallocatedOpmodes", "List the unlocking methods not bound to a user.", kWifi | kBle, kQuery,
           kPagedDeviceParams, list_result(kUnallocatedOpmode, "The unbound methods.")),
    action("doorLock.allocateOpmode", "Bind unlocking methods to a user.", kWifi | kBle, kChange, kAllocateOpmodeParams,
           kBooleanResult),
    action("doorLock.deallocateOpmode", "Unbind an unlocking method from a user.", kWifi | kBle, kChange,
           kDeallocateOpmodeParams, kBooleanResult),
    action("doorLock.createPermissionSharing", "Create a link for temporary unlocking.", kWifi | kBle, kChange,
           kCreatePermissionSharingParams, object_result(kSharingInvitation, "The invitation.")),
    action("doorLock.verifyPermissionSharing", "Verify a link for temporary unlocking.", kWifi | kBle, kQuery,
           kVerifyPermissionSharingParams, object_result(kSharingInvitation, "The invitation.")),
    action("doorLock.confirmPermissionSharing", "Accept a link for temporary unlocking.", kWifi | kBle, kChange,
           kConfirmPermissionSharingParams, object_result(kPermission, "The permission granted.")),
    action("doorLock.cancelPermissionSharing", "Cancel a link for temporary unlocking.", kWifi | kBle, kChange,
           kCancelPermissionSharingParams, kBooleanResult),
    action("doorLock.setHijack", "Enable duress alarms for an unlocking method.", kWifi | kBle, kChange, kHijackParams,
           kBooleanResult),
    action("doorLock.removeHijack", "Disable duress alarms for an unlocking method.", kWifi | kBle, kChange,
           kHijackParams, kBooleanResult),
    action("doorLock.unlockInstruction", "Get the command for a short-range unlock without password.", kBle, kChange,
           kUnlockInstructionParams, object_result(kUnlockInstruction, "The unlock command.")),
    // No lock-type block of its own: it replaces doorLock.unlockInstruction (Bluetooth).
    action("doorLock.bleOpenInstruction", "Get the command for a short-range Bluetooth lock or unlock.", kBle, kChange,
           kBleOpenInstructionParams, object_result(kUnlockInstruction, "The lock or unlock command.")),
    action("device.pairingAuthKey", "Query the authKey for pairing.", kAnyLock, kQuery, kPairingAuthKeyParams,
           object_result(kPairingAuthKeyResult, "The pairing keys.")),
    // The sample swaps `success` and `result`; parse_response accepts that form.
    action("timer.currentTime", "Query the server time.", kAnyLock, kQuery,
           long_field("result", NONE, "The server time, Unix milliseconds.").req().range(0, kSafeIntegerMax)),
    action("doorLock.getIssuedConfig", "Query what must be sent to the lock before an unlock check.", kBle, kQuery,
           kDeviceOnlyParams, object_result(kIssuedConfigResult, "What to send to the lock.")),
    action("device.getListByIds", "Query devices by ID (the T0 time is their active_time).", kAnyLock, kQuery,
           kListByIdsParams, list_result(kDeviceInfo, "The devices.")),
    // Not a pure query: the cloud rate-limits syncs by remembering this call.
    action("doorLock.getSyncableOpmodeTypes", "Ask whether the user data may be synced to the lock now.", kBle, kChange,
           kSyncableOpmodeParams, object_result(kSyncableOpmodeResult, "Whether and what to send.")),
    action("doorLock.openDoor", "Unlock a door with a password.", kZigbee, kChange, kOpenDoorParams, kBooleanResult),
    action("doorLock.cancelPasswordFreeOpen", "Reject a request for remote unlocking.", kWifi, kChange,
           kCancelPasswordFreeOpenParams, kBooleanResult),
    action("doorLock.deleteOfflinePassword", "Delete an offline password.", kAnyLock, kChange,
           kDeleteOfflinePasswordParams, kBooleanResult),
    action("doorLock.getMediaUrl", "Get the cover image of the last remote unlock or alert.", kWifi, kQuery,
           kMediaUrlParams, object_result(kMediaInfo, "Where the image is.")),
    action("doorLock.getUser", "Get user information.", kAnyLock, kQuery, kGetUserParams,
           object_result(kUserResult, "The user.")),
    action("doorLock.listUserOpmodes", "List a user's unlocking methods.", kAnyLock, kQuery, kListUserOpmodesParams,
           object_result(kUserOpmodesResult, "The methods.")),
    action("doorLock.listUsers", "List the users of a lock.", kAnyLock, kQuery, kListUsersParams,
           list_result(kLockUser, "The users.")),
};

}  // namespace

ActionList all_actions() noexcept { return ActionList{kActions, sizeof kActions / sizeof kActions[0]}; }

}  // namespace doorlock::api
