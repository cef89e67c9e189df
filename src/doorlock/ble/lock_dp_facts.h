// What a host must know to run a lock DP as a command (ble-protocol.md §6.1, §6.3-§6.5): the DP
// its answer comes in (an acknowledgement says only that the frame arrived, not that the lock
// application took it), whether it changes the lock, where the lock logs an opening it causes, and
// which bytes of the reply repeat the request. Those repeated bytes are the only way to tell one
// command's reply from a late reply to an earlier one; a reply that repeats nothing cannot be
// told apart, so a host must not send the next command while such a reply is still owed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

namespace doorlock::ble::lock_dp {

// reply[reply_offset .. +size) == request[request_offset .. +size)
struct EchoSpan {
  uint8_t reply_offset;
  uint8_t request_offset;
  uint8_t size;
};

struct CommandFacts {
  uint8_t dp;
  const char* name;      // what the DP does, in the JavaScript naming ("unlockCheck", ...)
  bool changes_lock;     // lost after sending => the outcome is unknown
  uint8_t reply_dp;      // 0: the lock answers with its acknowledgement only
  bool reply_streams;    // several reports in reply_dp until the lock says it is done (DP 54)
  const EchoSpan* echo;  // bytes the reply repeats from the request (none: echo_count 0)
  size_t echo_count;
  const uint8_t* records;  // DPs where the lock logs an opening this command makes
  size_t record_count;
  // Replies whose byte at interim_offset is one of interim_values say "still working" (DP 1
  // enrolment: started, running); the command is done at the next one. interim_count 0: none.
  uint8_t interim_offset;
  const uint8_t* interim_values;
  size_t interim_count;
};

// The lock DPs an app writes, ascending by DP id. DPs not listed are unknown to the core: a host
// should treat them as changing the lock and as answered by their acknowledgement only.
const CommandFacts* command_facts(size_t& count) noexcept;
const CommandFacts* find_command(uint8_t dp) noexcept;

// DPs in which a lock reports an opening (the OR_LOG_OPEN_WITH_* family of §6.1).
const uint8_t* unlock_record_dps(size_t& count) noexcept;
bool is_unlock_record(uint8_t dp) noexcept;

// False when `reply` says the lock is still working on the command (more replies follow).
bool reply_is_final(uint8_t dp, const uint8_t* reply, size_t reply_size) noexcept;

// True when `reply` repeats every echoed byte of `request`; false when it does not (it answers
// another command) or is too short to hold them; nullopt when this DP's reply repeats nothing.
std::optional<bool> reply_answers(uint8_t dp, const uint8_t* request, size_t request_size, const uint8_t* reply,
                                  size_t reply_size) noexcept;

// { commands: [{ dp, name, changesLock, replyDp (null: ack only), replyStreams, replyEchoes, records,
//                interimReply: null | { offset, values } }],
//   unlockRecordDps: [...] } for the host.
nlohmann::json facts_json();

}  // namespace doorlock::ble::lock_dp
